import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const repoRoot = resolve(import.meta.dirname, '../../../..')

/** The pinned release, built by `scripts/board` with `go install` (its go.mod has no replace directives). */
export const LIVEKIT_VERSION = 'v1.13.5'
/** Where `scripts/board` puts the binary (`.toolchain/` is outside git). */
export const LOCAL_LIVEKIT_BINARY = join(repoRoot, '.toolchain/livekit/livekit-server')

export type LocalLiveKitOptions = {
  binary: string
  /** HTTP and signalling port; the next port is ICE over TCP, the one after that the one UDP port. */
  port: number
  apiKey: string
  apiSecret: string
  /** Where LiveKit posts its signed webhooks: this board server's /api/livekit/webhook. */
  webhookUrl: string
}

export type LocalLiveKit = {
  /** The API and signalling address, http://127.0.0.1:<port>. */
  url: string
  stop: () => Promise<void>
}

/**
 * The configuration of a LiveKit server for one machine: everything on loopback, host candidates for
 * 127.0.0.1 only, no STUN (nothing leaves the machine), rooms created only by the board server, and
 * remote unmute allowed so the floor can give the listener their microphone back.
 */
export function localLiveKitConfig(options: Omit<LocalLiveKitOptions, 'binary'>): string {
  const { port, apiKey, apiSecret, webhookUrl } = options
  return [
    `port: ${port}`,
    'bind_addresses: [127.0.0.1]',
    'rtc:',
    `  tcp_port: ${port + 1}`,
    `  udp_port: ${port + 2}`,
    '  node_ip: 127.0.0.1',
    '  use_external_ip: false',
    '  enable_loopback_candidate: true',
    '  stun_servers: []',
    'room:',
    '  auto_create: false',
    '  enable_remote_unmute: true',
    'turn:',
    '  enabled: false',
    'keys:',
    `  ${JSON.stringify(apiKey)}: ${JSON.stringify(apiSecret)}`,
    'webhook:',
    `  api_key: ${JSON.stringify(apiKey)}`,
    `  urls: [${JSON.stringify(webhookUrl)}]`,
    'logging:',
    '  level: warn',
    '',
  ].join('\n')
}

/** Why there is no local LiveKit binary, or null when there is one. */
export function localLiveKitMissing(binary: string): string | null {
  return existsSync(binary)
    ? null
    : `livekit-server is not installed at ${binary} (npm start builds it when Go is available)`
}

/** Starts livekit-server as a child process and waits until it answers; stops it with the server. */
export async function startLocalLiveKit(options: LocalLiveKitOptions): Promise<LocalLiveKit> {
  const url = `http://127.0.0.1:${options.port}`
  // The configuration (with the API secret) goes in the environment, which only this user can read,
  // not on the command line, which every user of the machine can list.
  const child: ChildProcess = spawn(options.binary, [], {
    env: { ...process.env, LIVEKIT_CONFIG: localLiveKitConfig(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // LiveKit logs to standard output: its last lines say why it stopped (a port in use, say).
  let output = ''
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      output = (output + chunk).slice(-2_000)
    })
  }
  let exited: string | null = null
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`
      done()
    }),
  )
  child.once('error', (error) => {
    exited = error.message
  })
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM')
      const killed = await Promise.race([exit.then(() => true), sleep(3_000).then(() => false)])
      if (!killed) child.kill('SIGKILL')
    }
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    if (exited !== null) {
      throw new Error(
        `livekit-server did not start (${exited}): ${output.trim().split('\n').slice(-3).join(' ')}`,
      )
    }
    const ready = await fetch(url, { signal: AbortSignal.timeout(500) }).then(
      (response) => response.ok,
      () => false,
    )
    if (ready) return { url, stop }
    await sleep(100)
  }
  await stop()
  throw new Error(`livekit-server did not answer on ${url} within 10 s`)
}
