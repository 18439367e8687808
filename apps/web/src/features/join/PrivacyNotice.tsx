/** What a partner or observer agrees to: the server's notice, and the same points spelled out. */
export function PrivacyNotice({ serverNotice, id }: { serverNotice: string; id: string }) {
  return (
    <section className="privacy" aria-labelledby={id}>
      <h2 id={id}>Privacy notice</h2>
      <ul className="privacy__points">
        <li>
          <strong>What is stored:</strong> what the three of you write on the board, kept on the clinic’s own
          server, and a record of who joined and when (not what anyone wrote).
        </li>
        <li>
          <strong>Who sees what:</strong> your therapist, your partner and any observer your therapist invited
          see the shared board and who is present. Observers can read but not change anything.
        </li>
        <li>
          <strong>Private items stay private:</strong> your own consent and private scores can be changed only
          by you, and your partner sees private scores only when your therapist reveals them.
        </li>
        <li>
          <strong>Your devices:</strong> the server notes each phone or computer you join from, by a rough
          name such as “Safari on iPhone”, so your therapist can confirm a new one or withdraw one. A passkey,
          if you make one, stays on your device; the server keeps only what it needs to recognise it.
        </li>
        <li>
          <strong>Your therapist leads the session:</strong> they can end it, which makes the board read-only,
          and reopen it later.
        </li>
      </ul>
      <p className="privacy__server">{serverNotice}</p>
    </section>
  )
}
