import { useCallback, useEffect, useState } from 'react'
import { roleLabels } from '@session-board/protocol'
import type { Invitation, InviteeRole } from '@session-board/protocol'
import { describeFailure } from '../../lib/api.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { CopyLinkField } from './CopyLinkField.tsx'
import { issueInvitation, listInvitations, revokeInvitation, showInvitationLink } from './dashboardApi.ts'
import { absoluteLink, knownLink, rememberLinks } from './linkStore.ts'
import { formatWhen } from './when.ts'

const roleOrder: Record<InviteeRole, number> = { partnerA: 0, partnerB: 1, observer: 2 }

/** How many people an observer's link lets in, and how many it has. */
function admitted({ admits, used }: Invitation): string {
  const people = admits === 1 ? 'one person' : `${admits} people`
  return `Admits ${people}; ${used === 0 ? 'nobody has' : used === 1 ? 'one has' : `${used} have`} joined with it`
}

/** A session's invitation links: copy, withdraw, make a new one, add observers. */
export function InvitationLinks({ sessionId, ended }: { sessionId: string; ended: boolean }) {
  const [invitations, setInvitations] = useState<Invitation[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      const all = await listInvitations(sessionId)
      const now = Date.now()
      setInvitations(all.filter((invitation) => invitation.revokedAt === null && invitation.expiresAt > now))
    } catch (error) {
      setProblem(describeFailure(error))
    }
  }, [sessionId])

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load])

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true)
    setProblem(null)
    try {
      await work()
      await load()
    } catch (error) {
      setProblem(describeFailure(error))
    } finally {
      setBusy(false)
    }
  }
  const issue = (role: InviteeRole) =>
    act(async () => rememberLinks([await issueInvitation(sessionId, role)]))
  /** Partners' links are replaced by the server itself; an observer's old link is withdrawn here. */
  const reissue = (invitation: Invitation) =>
    act(async () => {
      rememberLinks([await issueInvitation(sessionId, invitation.role)])
      if (invitation.role === 'observer') await revokeInvitation(invitation.id)
    })

  const live = [...(invitations ?? [])].sort(
    (a, b) => roleOrder[a.role] - roleOrder[b.role] || a.expiresAt - b.expiresAt,
  )
  const missing = (['partnerA', 'partnerB'] as const).filter((role) => !live.some((i) => i.role === role))
  let observerNumber = 0

  return (
    <div className="links" aria-busy={invitations === null || busy}>
      <h3 className="links__heading">Invitation links</h3>
      {ended && <p className="hint">The session has ended; people can still open the board to read it.</p>}
      {invitations !== null && (
        <ul className="links__list">
          {live.map((invitation) => {
            const name =
              invitation.role === 'observer' ? `Observer ${++observerNumber}` : roleLabels[invitation.role]
            const link = knownLink(invitation.id)
            return (
              <li key={invitation.id} className="links__item">
                {link ? (
                  <CopyLinkField label={`${name} link`} link={absoluteLink(link)} />
                ) : (
                  <p className="links__unknown">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      disabled={busy}
                      onClick={() =>
                        act(async () => rememberLinks([await showInvitationLink(invitation.id)]))
                      }
                    >
                      Show the {name} link again
                    </button>
                  </p>
                )}
                <p className="links__meta">
                  <span>Valid until {formatWhen(invitation.expiresAt)}</span>
                  {invitation.role === 'observer' && <span>{admitted(invitation)}</span>}
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={busy}
                    onClick={() => reissue(invitation)}
                  >
                    New link<span className="visually-hidden"> for {name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={busy}
                    onClick={() => act(() => revokeInvitation(invitation.id))}
                  >
                    Withdraw<span className="visually-hidden"> {name} link</span>
                  </button>
                </p>
              </li>
            )
          })}
        </ul>
      )}
      <div className="links__add">
        {missing.map((role) => (
          <button
            key={role}
            type="button"
            className="button button--secondary button--small"
            disabled={busy}
            onClick={() => issue(role)}
          >
            Make a link for {roleLabels[role]}
          </button>
        ))}
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy}
          onClick={() => issue('observer')}
        >
          Add an observer link
        </button>
      </div>
      <p className="hint">
        Withdrawing a link, or making a new one, also closes the board for whoever joined with the old link.
      </p>
      <FormAlert message={problem} />
    </div>
  )
}
