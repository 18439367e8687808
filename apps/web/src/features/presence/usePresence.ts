import { useEffect, useState } from 'react'
import { presenceSchema } from '@session-board/protocol'
import type { Presence, Role } from '@session-board/protocol'
import { useSession } from '../session/SessionContext.tsx'

export interface PresentPerson extends Presence {
  clientId: number
  isSelf: boolean
}

const roleOrder: Record<Role, number> = { therapist: 0, partnerA: 1, partnerB: 2, observer: 3 }

/** Everyone whose awareness state carries a valid `user` entry, therapist first, then partners. */
export function usePresence(): PresentPerson[] {
  const { provider, doc } = useSession().sync
  const [people, setPeople] = useState<PresentPerson[]>([])

  useEffect(() => {
    const { awareness } = provider
    const read = () => {
      const next: PresentPerson[] = []
      awareness.getStates().forEach((state, clientId) => {
        const parsed = presenceSchema.safeParse((state as { user?: unknown }).user)
        if (parsed.success) next.push({ ...parsed.data, clientId, isSelf: clientId === doc.clientID })
      })
      next.sort(
        (a, b) =>
          roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name) || a.clientId - b.clientId,
      )
      setPeople(next)
    }
    read()
    awareness.on('change', read)
    return () => awareness.off('change', read)
  }, [provider, doc])

  return people
}
