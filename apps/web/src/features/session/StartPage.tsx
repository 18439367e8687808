import { PLAN_PATH } from '../../lib/routes.ts'
import { PageShell } from '../account/PageShell.tsx'
import './session.css'
import './boardAccess.css'

export function StartPage() {
  return (
    <PageShell>
      <main className="start-main" aria-labelledby="start-heading">
        <h1 id="start-heading">A shared board for the couples session</h1>
        <p>
          During the video call, the therapist and both partners work on one board together: joint goals
          written the SMART-for-Two way, and a keep / stop / start review. Every change shows for everyone
          within a moment.
        </p>
        <h2 className="start-subheading">Therapists</h2>
        <p className="start-actions">
          <a className="button button--primary" href="/sign-in">
            Sign in
          </a>
          <a className="button button--secondary" href="/sign-up">
            Create an account
          </a>
        </p>
        <h2 className="start-subheading">Partners and observers</h2>
        <p>
          Please open the personal link your therapist sent you. It opens the board for your session; no
          account is needed.
        </p>
        <p>
          Joined before on this phone or computer? <a href={PLAN_PATH}>Open your plan</a>: your goals and
          stepping stones between sessions, with your passkey.
        </p>
      </main>
    </PageShell>
  )
}
