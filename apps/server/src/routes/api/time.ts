import type { ServerTime } from '@session-board/protocol'
import { serverTimeSchema } from '@session-board/protocol'
import { Hono } from 'hono'
import { describe } from './validation.ts'

/**
 * `GET /api/time`: the server's clock, so every client counts the huddle down from the same time even
 * when a device's own clock is minutes off. Open to anyone (it reveals nothing); never cached, since a
 * cached answer is a stale clock.
 */
export function timeRoutes(now: () => number) {
  return new Hono().get('/', describe('The server’s clock', 'time', { 200: serverTimeSchema }), (c) => {
    const time: ServerTime = { now: now() }
    c.header('cache-control', 'no-store')
    return c.json(time, 200)
  })
}
