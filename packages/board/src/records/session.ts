import type { BoardDoc } from '../doc.ts'
import { mutate, readString, sessionMap } from '../doc.ts'

export interface SessionInfo {
  title: string
  partnerAName: string
  partnerBName: string
}

const fields = ['title', 'partnerAName', 'partnerBName'] as const

export function selectSessionInfo(doc: BoardDoc): SessionInfo {
  const map = sessionMap(doc)
  return {
    title: readString(map, 'title'),
    partnerAName: readString(map, 'partnerAName'),
    partnerBName: readString(map, 'partnerBName'),
  }
}

export function updateSessionInfo(doc: BoardDoc, patch: Partial<SessionInfo>): void {
  mutate(doc, () => {
    const map = sessionMap(doc)
    for (const field of fields) {
      const value = patch[field]
      if (value !== undefined && map.get(field) !== value) map.set(field, value)
    }
  })
}
