import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { RedisFanout } from '../../src/fanout/redisFanout.ts'
import { createLogger } from '../../src/log.ts'
import type { FanoutListener } from '../../src/sync/fanout.ts'
import { createCleanup, waitFor } from '../helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

async function connect(prefix: string, instanceId: string): Promise<RedisFanout> {
  const fanout = await RedisFanout.connect({
    url: inject('redisUrl'),
    prefix,
    instanceId,
    log: createLogger('silent'),
  })
  cleanup.add(() => fanout.close())
  return fanout
}

const hearing = (seqs: number[]): FanoutListener => ({
  row: (row) => seqs.push(row.seq),
  presence: () => {},
  presenceAsked: () => {},
})

describe('the Redis fan-out', () => {
  it('keeps hearing a board that was closed and opened again at once (an eviction, then a load)', async () => {
    const prefix = `f${randomUUID().slice(0, 8)}`
    const here = await connect(prefix, 'here')
    const there = await connect(prefix, 'there')
    const heard: number[] = []
    await here.join('board-1', hearing([]))
    // Left, and joined again before Redis answered the unsubscribe.
    here.leave('board-1')
    await here.join('board-1', hearing(heard))
    // The unsubscribe's answer has surely come back by now.
    await new Promise((resolve) => setTimeout(resolve, 100))
    there.publishRow('board-1', { seq: 7, update: new Uint8Array([0, 0]), claims: [] })
    await waitFor(() => heard.includes(7), 'the row published by the other instance')
    expect(heard).toEqual([7])
  })
})
