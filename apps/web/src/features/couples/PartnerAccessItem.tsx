import { useState } from 'react'
import { roleLabels } from '@session-board/protocol'
import { describeFailure } from '../../lib/api.ts'
import { ConfirmDialog } from '../../lib/ConfirmDialog.tsx'
import { FormAlert } from '../account/FormAlert.tsx'
import { CopyLinkField } from '../dashboard/CopyLinkField.tsx'
import { absoluteLink, knownPartnerLink, rememberPartnerLink } from '../dashboard/linkStore.ts'
import { formatWhen } from '../dashboard/when.ts'
import { DeviceList } from './DeviceList.tsx'
import { showInvitationLink } from '../dashboard/dashboardApi.ts'
import { issuePartnerLink, withdrawPartner } from './partnersApi.ts'
import type { PartnerAccess, Partners, PendingDevice } from '@session-board/protocol'

interface Props {
  coupleId: string
  name: string
  access: PartnerAccess
  pending: PendingDevice[]
  /** The server's new view of access after a change, or null to ask for it. */
  onChanged: (view: Partners | null) => void
}

/** One partner's access: their link, their devices, and withdrawing everything at once. */
export function PartnerAccessItem({ coupleId, name, access, pending, onChanged }: Props) {
  const { role } = access
  const [link, setLink] = useState(() => knownPartnerLink(coupleId, role))
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [confirmingWithdraw, setConfirmingWithdraw] = useState(false)
  // When this page was opened: a link that expires while it stays open is simply refused when used.
  const [openedAt] = useState(() => Date.now())
  const headingId = `partner-access-${role}`
  const latest = access.latestLink
  const linkUsable = latest !== null && latest.revokedAt === null && latest.expiresAt > openedAt
  const shownLink = linkUsable ? link : null
  const reachable = access.devices.length > 0 || pending.length > 0 || linkUsable

  const act = async (work: () => Promise<Partners | null>) => {
    setBusy(true)
    setProblem(null)
    try {
      const view = await work()
      setConfirmingWithdraw(false)
      onChanged(view)
    } catch (error) {
      setProblem(describeFailure(error))
    } finally {
      setBusy(false)
    }
  }
  const issue = () =>
    act(async () => {
      const made = (await issuePartnerLink(coupleId, role)).link ?? null
      rememberPartnerLink(coupleId, role, made)
      setLink(made)
      return null
    })
  const showAgain = (invitationId: string) =>
    act(async () => {
      const shown = (await showInvitationLink(invitationId)).link ?? null
      rememberPartnerLink(coupleId, role, shown)
      setLink(shown)
      return null
    })
  const withdraw = () =>
    act(async () => {
      const view = await withdrawPartner(coupleId, role)
      rememberPartnerLink(coupleId, role, null)
      setLink(null)
      return view
    })

  return (
    <section className="partner-access__partner" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {name} <span className="hint">({roleLabels[role]})</span>
      </h3>
      <p className="hint">
        {access.enrolled ? `${name} has joined.` : `${name} has not joined yet.`}{' '}
        {linkUsable && `Their link works until ${formatWhen(latest.expiresAt)}.`}
      </p>
      {shownLink && <CopyLinkField label={`${name}’s link`} link={absoluteLink(shownLink)} />}
      <div className="button-row">
        {linkUsable && !shownLink && (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy}
            onClick={() => void showAgain(latest.id)}
          >
            Show {name}’s link again
          </button>
        )}
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy}
          onClick={() => void issue()}
        >
          {latest ? `Make a new link for ${name}` : `Make a link for ${name}`}
        </button>
      </div>
      {latest && (
        <p className="hint">
          Showing the link again changes nothing. A new link replaces the last one; devices already signed in
          stay signed in.
        </p>
      )}
      <DeviceList
        coupleId={coupleId}
        name={name}
        devices={access.devices}
        pending={pending}
        busy={busy}
        act={act}
      />
      {reachable && (
        <div className="button-row">
          <button
            type="button"
            className="button button--danger button--small"
            disabled={busy}
            onClick={() => {
              setProblem(null)
              setConfirmingWithdraw(true)
            }}
          >
            Withdraw access on all devices<span className="visually-hidden"> for {name}</span>
          </button>
        </div>
      )}
      <FormAlert message={confirmingWithdraw ? null : problem} />
      <ConfirmDialog
        open={confirmingWithdraw}
        title={`Withdraw ${name}’s access?`}
        confirmLabel={busy ? 'Withdrawing…' : 'Withdraw access'}
        cancelLabel="Keep access"
        busy={busy}
        problem={problem}
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirmingWithdraw(false)}
      >
        <p>
          Every device {name} signed in on stops working at once, with their passkeys and their link; a board
          or plan they have open closes.
        </p>
        <p>Their goals, consents and updates stay in the plan. You can make them a new link at any time.</p>
      </ConfirmDialog>
    </section>
  )
}
