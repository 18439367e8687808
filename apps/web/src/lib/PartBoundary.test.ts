// @vitest-environment jsdom
import { Component, act, createElement, useState } from 'react'
import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import type { Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PartBoundary } from './PartBoundary.tsx'
import { reportCaughtError } from './renderFailure.ts'

// What a person wrote, which a thrown message may quote: it must never reach the log.
const WRITTEN = 'Maya wants more time with her sister'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let container: HTMLDivElement
let root: Root
let logged: unknown[][]

beforeEach(() => {
  container = document.createElement('div')
  document.body.append(container)
  // The same root options as main.tsx.
  root = createRoot(container, { onCaughtError: reportCaughtError })
  logged = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args))
})

afterEach(() => {
  act(() => root.unmount())
  container.remove()
  vi.restoreAllMocks()
})

const failing = { goals: true }

function Goals() {
  if (failing.goals) throw new TypeError(`Cannot read the goal "${WRITTEN}"`)
  return createElement('p', null, 'Joint goals are here')
}

function Review() {
  const [moves, setMoves] = useState(0)
  return createElement('button', { type: 'button', onClick: () => setMoves(moves + 1) }, `Moved ${moves}`)
}

const byText = (text: string) =>
  [...container.querySelectorAll('*')].find((node) => node.textContent === text)
const alerts = () => [...container.querySelectorAll('[role="alert"]')]

function renderBoard(onReset?: () => void) {
  act(() =>
    root.render(
      createElement(
        'main',
        null,
        createElement(PartBoundary, { part: 'the joint goals', onReset, children: createElement(Goals) }),
        createElement(PartBoundary, { part: 'the review board', children: createElement(Review) }),
      ),
    ),
  )
}

describe('a part of the board that fails to render', () => {
  it('is replaced by a calm message while the other parts keep working', () => {
    failing.goals = true
    renderBoard()

    expect(alerts()).toHaveLength(1)
    expect(alerts()[0]?.textContent).toContain(
      'The joint goals could not be shown. The rest of the board works; reloading the page may help.',
    )
    const moved = byText('Moved 0') as HTMLButtonElement
    act(() => moved.click())
    expect(byText('Moved 1')).toBeDefined()
  })

  it('logs one line that names the part and the kind of error, never what people wrote', () => {
    failing.goals = true
    renderBoard()

    expect(logged).toEqual([
      ['Board part "the joint goals" could not be shown (TypeError); the rest of the board goes on.'],
    ])
    expect(JSON.stringify(logged)).not.toContain('Maya')
  })

  it('renders the part anew from "Try again"', () => {
    failing.goals = true
    const onReset = vi.fn()
    renderBoard(onReset)
    const retry = container.querySelector('[role="alert"] button') as HTMLButtonElement
    expect(retry.textContent).toBe('Try again to show the joint goals')

    failing.goals = false
    act(() => retry.click())
    expect(onReset).toHaveBeenCalledTimes(1)
    expect(alerts()).toHaveLength(0)
    expect(byText('Joint goals are here')).toBeDefined()
  })
})

describe('an error caught by another boundary', () => {
  class PlainBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
    override state = { failed: false }
    static getDerivedStateFromError() {
      return { failed: true }
    }
    override render() {
      return this.state.failed ? createElement('p', null, 'Failed') : this.props.children
    }
  }

  it('is logged by its kind alone', () => {
    failing.goals = true
    act(() => root.render(createElement(PlainBoundary, null, createElement(Goals))))
    expect(logged).toEqual([['Part of the page could not be shown (TypeError).']])
  })
})
