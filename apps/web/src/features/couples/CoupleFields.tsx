import { useId } from 'react'
import { phaseLabels, treatmentPhases } from '@session-board/protocol'
import type { CreateCouple, TreatmentPhase } from '@session-board/protocol'
import { TextField } from '../account/TextField.tsx'

type PartnerNames = Pick<CreateCouple, 'partnerAName' | 'partnerBName'>

interface PartnerNameProps {
  names: PartnerNames
  onChange: (patch: Partial<PartnerNames>) => void
  /** Field errors from the form's schema, keyed by field name. */
  errors: Record<string, string | undefined>
  /** "off" where the browser's suggestions (the therapist's own name) would only get in the way. */
  autoComplete?: 'off'
}

/** Both partners' names, wherever a couple is named: adding them, correcting them, a first session. */
export function PartnerNameFields({ names, onChange, errors, autoComplete }: PartnerNameProps) {
  return (
    <>
      <TextField
        label="Partner A’s name"
        maxLength={60}
        autoComplete={autoComplete}
        value={names.partnerAName}
        onChange={(partnerAName) => onChange({ partnerAName })}
        error={errors.partnerAName}
      />
      <TextField
        label="Partner B’s name"
        maxLength={60}
        autoComplete={autoComplete}
        value={names.partnerBName}
        onChange={(partnerBName) => onChange({ partnerBName })}
        error={errors.partnerBName}
      />
    </>
  )
}

interface CoupleProps extends Omit<PartnerNameProps, 'names' | 'onChange'> {
  details: CreateCouple
  onChange: (patch: Partial<CreateCouple>) => void
}

/** The couple's details: both names, when their program starts, and where they are in it. */
export function CoupleFields({ details, onChange, errors, autoComplete }: CoupleProps) {
  const phaseId = useId()
  return (
    <>
      <PartnerNameFields names={details} onChange={onChange} errors={errors} autoComplete={autoComplete} />
      <TextField
        label="Program start"
        type="date"
        value={details.programStart}
        onChange={(programStart) => onChange({ programStart })}
        error={errors.programStart}
      />
      <div className="field">
        <label htmlFor={phaseId}>Phase</label>
        <select
          id={phaseId}
          value={details.phase}
          onChange={(event) => onChange({ phase: event.target.value as TreatmentPhase })}
        >
          {treatmentPhases.map((value) => (
            <option key={value} value={value}>
              {phaseLabels[value]}
            </option>
          ))}
        </select>
      </div>
    </>
  )
}
