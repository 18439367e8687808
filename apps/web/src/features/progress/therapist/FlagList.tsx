import type { ReactNode } from 'react'
import { FormAlert } from '../../account/FormAlert.tsx'
import type { PartnerNames, ShownFlag } from './flagList.ts'
import { dayLabel, flagAnnouncement, whoLogged } from './flagList.ts'
import type { FlagsState } from './useFlags.ts'

interface Props {
  state: FlagsState
  titleOf: (flag: ShownFlag) => string
  namesOf: (flag: ShownFlag) => PartnerNames
  /** Shown above each flag, such as the couple's name on the caseload. */
  lead?: (flag: ShownFlag) => ReactNode
  /** What more a flag offers, such as "Start a setback review". */
  actions?: (flag: ShownFlag) => ReactNode
  empty: string
  label: string
}

/**
 * Flags with the couple's agreed response, newest first. A flag that arrives live is announced: a red
 * one at once (assertive), a yellow one when the reader pauses (polite).
 */
export function FlagList({ state, titleOf, namesOf, lead, actions, empty, label }: Props) {
  const { flags, problem, arrived, acknowledge } = state
  const announcement = arrived ? flagAnnouncement(arrived, titleOf(arrived), namesOf(arrived)) : ''
  return (
    <div className="flag-list">
      <p className="visually-hidden" role="status" aria-live="polite">
        {arrived?.level === 'yellow' ? announcement : ''}
      </p>
      <p className="visually-hidden" role="alert" aria-live="assertive">
        {arrived?.level === 'red' ? announcement : ''}
      </p>
      <FormAlert message={problem} />
      {flags === null ? (
        !problem && (
          <p role="status" className="hint">
            Loading flags…
          </p>
        )
      ) : flags.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="flag-list__items" aria-label={label}>
          {flags.map((flag) => {
            const title = titleOf(flag)
            const seen = flag.acknowledgedAt !== null
            return (
              <li
                key={flag.id}
                className={`flag flag--${flag.level}${seen ? ' flag--seen' : ''}`}
                aria-label={`${flag.level === 'red' ? 'Red' : 'Yellow'} flag: ${title}`}
              >
                {lead?.(flag)}
                <p className="flag__head">
                  <span className={`tag flag__level flag__level--${flag.level}`}>
                    {flag.level === 'red' ? 'Red' : 'Yellow'}
                  </span>
                  <strong>{title}</strong>
                </p>
                <p className="flag__meta">
                  {whoLogged(flag.partner, namesOf(flag))} · {dayLabel(flag.day)}
                </p>
                <p className="flag__response">
                  {flag.response ? (
                    <>
                      <span className="flag__response-label">Agreed response: </span>
                      {flag.response}
                    </>
                  ) : (
                    <span className="hint">No agreed response written yet.</span>
                  )}
                </p>
                <div className="button-row">
                  {seen ? (
                    <span className="tag flag__seen">Seen</span>
                  ) : (
                    <button
                      type="button"
                      className="button button--primary button--small"
                      onClick={() => void acknowledge(flag)}
                      aria-label={`Acknowledge: ${title}`}
                    >
                      Acknowledge
                    </button>
                  )}
                  {actions?.(flag)}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
