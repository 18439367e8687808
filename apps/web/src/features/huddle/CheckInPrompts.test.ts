// @vitest-environment jsdom
import { act, createElement } from 'react'
import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import type { Root } from 'react-dom/client'
import { createBoardDoc, createBoardStore, startHuddle, updateSessionInfo } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import type { Presence } from '@session-board/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConnectionPhase } from '../../lib/connection.ts'
import type { SessionSync } from '../../lib/sync.ts'
import { SessionContext } from '../session/SessionContext.tsx'
import { Appreciations } from './Appreciations.tsx'
import { CheckInPrompts } from './CheckInPrompts.tsx'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** A fake session connection: the real board document and store, and a connection stuck in one phase. */
function fakeSessionSync(doc: BoardDoc, phase: ConnectionPhase) {
  const connection = { phase, unsent: 0, notice: null }
  return {
    doc,
    board: createBoardStore(doc),
    connection: { subscribe: () => () => undefined, getSnapshot: () => connection, destroy: () => undefined },
  } as unknown as SessionSync
}

let container: HTMLDivElement
let root: Root
let board: BoardDoc

beforeEach(() => {
  container = document.createElement('div')
  document.body.append(container)
  root = createRoot(container)
  board = createBoardDoc()
  updateSessionInfo(board, { partnerAName: 'Maya', partnerBName: 'Sam' })
  // Answers belong to a huddle's run; the forms show only while one runs.
  startHuddle(board)
})

afterEach(() => {
  act(() => root.unmount())
  container.remove()
})

function show(form: () => ReactNode, role: Presence['role'], phase: ConnectionPhase = 'live') {
  const me: Presence = { name: role, role, color: '#336699' }
  act(() =>
    root.render(
      createElement(
        SessionContext.Provider,
        // Keyed by role: another person's screen, not the same form after a change of role.
        {
          key: role,
          value: { sessionId: 'session-1', sync: fakeSessionSync(board, phase), me, canEdit: true },
        },
        createElement(form),
      ),
    ),
  )
}

const field = (label: string) => {
  const found = [...container.querySelectorAll('label')].find((item) => item.textContent === label)
  const textarea = found && container.querySelector<HTMLTextAreaElement>(`#${found.htmlFor}`)
  if (!textarea) throw new Error(`No field labelled “${label}”`)
  return textarea
}
const savedNotes = () =>
  [...container.querySelectorAll('[role="status"]')].map((note) => note.textContent).filter(Boolean)

function type(textarea: HTMLTextAreaElement, value: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!
  act(() => {
    setValue.call(textarea, value)
    textarea.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

describe('check-in answers', () => {
  it('says under the answer being written that it is saved, and the other partner reads it', () => {
    show(CheckInPrompts, 'partnerA')
    const needs = field('Needs')

    type(needs, 'More quiet evenings')

    const note = needs.parentElement?.querySelector('[role="status"]')
    expect(note?.textContent).toBe('Saved. Everyone in this session can read it.')
    expect(savedNotes()).toHaveLength(1)

    show(CheckInPrompts, 'partnerB')
    expect(container.textContent).toContain('Needs: More quiet evenings')
  })

  it('says an answer is kept on the device while the connection is away', () => {
    show(CheckInPrompts, 'partnerA', 'offline')

    type(field('Feelings'), 'Tired but hopeful')

    expect(savedNotes()).toEqual(['Kept on this device for now; it is sent as soon as you are back online.'])
  })
})

describe('appreciations', () => {
  it('says the appreciation is saved once it is written', () => {
    show(Appreciations, 'partnerB')
    expect(savedNotes()).toEqual([])

    type(field('What I appreciated in Maya this week'), 'She planned our Sunday walk')

    expect(savedNotes()).toEqual(['Saved. Everyone in this session can read it.'])
  })
})
