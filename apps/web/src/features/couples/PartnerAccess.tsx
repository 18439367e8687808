import { useCallback, useEffect, useState } from 'react'
import { PARTNER_ROLES } from '@session-board/board'
import type { PartnerRole } from '@session-board/board'
import { describeFailure } from '../../lib/api.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { nameOf } from '../plan/names.ts'
import type { PartnerNames } from '../plan/names.ts'
import { listPartners } from './partnersApi.ts'
import type { PartnerAccess as Access, Partners } from '@session-board/protocol'
import { PartnerAccessItem } from './PartnerAccessItem.tsx'

/**
 * Who can reach the couple's plan from where: each partner's personal link (shown when made), the
 * devices they signed in on, confirming a new one, and withdrawing all of them at once.
 */
export function PartnerAccess({ coupleId, names }: { coupleId: string; names: PartnerNames }) {
  const [view, setView] = useState<Partners | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setView(await listPartners(coupleId))
      setProblem(null)
    } catch (error) {
      setProblem(describeFailure(error))
    }
  }, [coupleId])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load])

  const accessOf = (role: PartnerRole): Access =>
    view?.partners.find((partner) => partner.role === role) ?? {
      role,
      displayName: nameOf(names, role),
      enrolled: false,
      devices: [],
      latestLink: null,
    }

  return (
    <section
      className="panel couple-panel partner-access"
      aria-labelledby="partner-access-heading"
      aria-busy={view === null && problem === null}
    >
      <div className="couple-panel__head">
        <h2 id="partner-access-heading">Partner access</h2>
        <button type="button" className="button button--quiet button--small" onClick={() => void load()}>
          Refresh<span className="visually-hidden"> partner access</span>
        </button>
      </div>
      <p className="hint">
        Each partner joins once with their own link. From then on they open the plan on their phone between
        sessions and sign in with a passkey.
      </p>
      <FormAlert message={problem} />
      {PARTNER_ROLES.map((role) => (
        <PartnerAccessItem
          key={role}
          coupleId={coupleId}
          name={nameOf(names, role)}
          access={accessOf(role)}
          pending={view?.pending.filter((device) => device.role === role) ?? []}
          onChanged={(next) => (next ? setView(next) : void load())}
        />
      ))}
    </section>
  )
}
