import { roleLabels } from '@session-board/protocol'
import { usePresence } from './usePresence.ts'
import './presence.css'

export function PresenceList() {
  const people = usePresence()
  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="presence__heading">
        Here now <span className="presence__count">({people.length})</span>
      </h2>
      <ul className="presence__list">
        {people.map((person) => (
          <li key={person.clientId} className="presence__person">
            <span className="presence__dot" style={{ backgroundColor: person.color }} aria-hidden="true" />
            <span className="presence__name">{person.name}</span>
            {person.isSelf && <span className="presence__you">(you)</span>}
            <span className={`role-badge role-badge--${person.role}`}>{roleLabels[person.role]}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
