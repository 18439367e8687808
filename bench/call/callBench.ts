// The call part of `pnpm bench`: what does end-to-end encryption cost in the video call? One publisher
// (fake camera, 640x480, microphone off) and one viewer join a room on a local livekit-server (the pinned
// v1.13.5, started as the board server starts it), each in its own headless Chromium, from a bench-only
// page that joins as the web app does (page/main.ts): encrypted with the app's key provider ("ours"), or
// the same call unencrypted ("reference"). Rounds alternate the modes, each in a fresh room.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { RoomServiceClient } from 'livekit-server-sdk'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
// Not exported by @session-board/server's package entry points, so reached by path like servers.ts does.
import { mintCallToken } from '../../apps/server/src/livekit/grants.ts'
import {
  LOCAL_LIVEKIT_BINARY,
  LIVEKIT_VERSION,
  localLiveKitMissing,
  startLocalLiveKit,
} from '../../apps/server/src/livekit/localLiveKit.ts'
import { hostBusySeconds } from '../servers.ts'
import type { CallPageSample, CallPageState } from './page/main.ts'
import { childrenOf, cpuBetween, treeCpu } from './procs.ts'
import type { TreeCpu } from './procs.ts'
import { serveCallPage } from './site.ts'
import { CHROMIUM, chromiumArgs } from '../chromium.ts'

/** LiveKit takes this port (HTTP and signalling), the next (ICE over TCP) and the one after (UDP). */
export const CALL_LIVEKIT_PORT = 47960
/** The page and LiveKit's webhooks. */
export const CALL_SITE_PORT = 47964

export const callModes = ['ours', 'reference'] as const
export type CallMode = (typeof callModes)[number]

export interface CallOptions {
  rounds: number
  /** Seconds of steady call measured per round, after the warm-up. */
  windowSeconds: number
  /** Seconds between the viewer's first frame and the window (the encoder ramps up its bitrate). */
  warmUpSeconds: number
}

export interface CallRound {
  mode: CallMode
  round: number
  error: string | null
  /** Viewer: ms from its room.connect() call to the first remote video frame presented. */
  joinMs: number | null
  /** Viewer: connect() resolved, and the camera track was subscribed, ms after the connect() call. */
  connectedMs: number | null
  subscribedMs: number | null
  /** Viewer: from the page's script start to connect() (Room, e2ee worker and key import when ours). */
  setUpMs: number | null
  windowS: number
  /** Viewer, over the window: getVideoPlaybackQuality().totalVideoFrames per second. */
  fps: number
  /** Viewer: frames presented per second (requestVideoFrameCallback's presentedFrames). */
  presentedFps: number
  /** Viewer: inbound-rtp framesDecoded per second. */
  decodedFps: number
  /** Viewer: getVideoPlaybackQuality().droppedVideoFrames over the window. */
  droppedFrames: number
  /** Viewer: inbound-rtp framesDropped over the window (dropped before rendering). */
  decoderDroppedFrames: number
  receivedSize: string
  decoder: string
  /** Publisher: frames encoded per second, summed over the simulcast layers, and the layers' sizes. */
  encodedFps: number
  sentLayers: string
  qualityLimitation: string
  encoder: string
  /** Capture settings of the fake camera. */
  capture: string
  /** CPU ms per second of window: each Chromium (all its processes), both, and livekit-server. */
  cpuMsPerS: { publisher: number; viewer: number; both: number; livekit: number }
  cpuMsPerSByType: { publisher: Record<string, number>; viewer: Record<string, number> }
  /** Cores busy meanwhile with processes outside the bench (the browsers, LiveKit and this process). */
  otherCores: number
  /** Both rooms say their encryption is as the mode wants. */
  encryptionAsExpected: boolean
  encryptionErrors: number
}

export interface CallSummary {
  rounds: number
  joinMs: { p50: number; min: number; max: number }
  /** From the track's subscription to its first frame presented (key frame, decode, first paint). */
  subscribedToFrameMs: { p50: number; min: number; max: number }
  fps: number
  presentedFps: number
  decodedFps: number
  droppedFrames: number
  droppedFramesMax: number
  decoderDroppedFrames: number
  encodedFps: number
  /** Rounds whose viewer received the full 640x480 layer at the end of the window. */
  fullSizeRounds: number
  cpuMsPerS: { publisher: number; viewer: number; both: number; livekit: number }
  otherCores: number
}

export interface CallResult {
  options: CallOptions
  livekitVersion: string
  chromiumVersion: string
  error: string | null
  rounds: CallRound[]
  summary: Record<CallMode, CallSummary | null>
  pageBuildMs: number
  ms: number
  pageErrors: string[]
}

const callChromiumArgs = [
  ...chromiumArgs,
  // Chromium's fake camera runs at 20 fps unless told; a webcam gives 30.
  '--use-fake-device-for-media-stream=fps=30',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
]

const builder = fileURLToPath(new URL('./buildPage.ts', import.meta.url))

async function buildPage(outDir: string): Promise<number> {
  const started = performance.now()
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  await promisify(execFile)(process.execPath, [builder, outDir], { env, maxBuffer: 16 * 1024 * 1024 })
  return performance.now() - started
}

/** Launches a Chromium and finds its browser process (a new child of this process). */
async function launch(): Promise<{ browser: Browser; pid: number }> {
  const before = new Set(childrenOf(process.pid).map((child) => child.pid))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: callChromiumArgs })
  const pid = childrenOf(process.pid).find((child) => !before.has(child.pid) && /chrom/.test(child.comm))?.pid
  if (pid === undefined) {
    await browser.close()
    throw new Error('could not find the Chromium process launched')
  }
  return { browser, pid }
}

const median = (values: number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const num = (row: Record<string, string | number> | undefined, name: string): number => {
  const value = row?.[name]
  return typeof value === 'number' ? value : 0
}
const str = (row: Record<string, string | number> | undefined, name: string): string => {
  const value = row?.[name]
  return value === undefined ? '?' : String(value)
}

function summarize(rounds: CallRound[]): CallSummary | null {
  const ok = rounds.filter((r) => r.error === null)
  if (ok.length === 0) return null
  const joins = ok.map((r) => r.joinMs).filter((v): v is number => v !== null)
  const of = (pick: (r: CallRound) => number): number => median(ok.map(pick))
  const spread = (values: number[]) => ({
    p50: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
  })
  const toFrame = ok.flatMap((r) =>
    r.joinMs !== null && r.subscribedMs !== null ? [r.joinMs - r.subscribedMs] : [],
  )
  return {
    rounds: ok.length,
    joinMs: spread(joins),
    subscribedToFrameMs: spread(toFrame),
    fps: of((r) => r.fps),
    presentedFps: of((r) => r.presentedFps),
    decodedFps: of((r) => r.decodedFps),
    droppedFrames: of((r) => r.droppedFrames),
    droppedFramesMax: Math.max(...ok.map((r) => r.droppedFrames)),
    decoderDroppedFrames: of((r) => r.decoderDroppedFrames),
    encodedFps: of((r) => r.encodedFps),
    fullSizeRounds: ok.filter((r) => r.receivedSize === '640x480').length,
    cpuMsPerS: {
      publisher: of((r) => r.cpuMsPerS.publisher),
      viewer: of((r) => r.cpuMsPerS.viewer),
      both: of((r) => r.cpuMsPerS.both),
      livekit: of((r) => r.cpuMsPerS.livekit),
    },
    otherCores: of((r) => r.otherCores),
  }
}

type BenchWindow = Window & { __callBench?: CallPageState }

async function waitForPhase(page: Page, phases: string[], timeoutMs: number, what: string): Promise<void> {
  await page
    .waitForFunction(
      (wanted) => {
        const state = (window as BenchWindow).__callBench
        return state !== undefined && (wanted.includes(state.phase) || state.phase === 'failed')
      },
      phases,
      { timeout: timeoutMs, polling: 50 },
    )
    .catch(() => undefined)
  const { phase, error } = await page.evaluate(() => {
    const state = (window as BenchWindow).__callBench
    return { phase: state?.phase ?? 'no page state', error: state?.error ?? null }
  })
  if (!phases.includes(phase))
    throw new Error(`${what}: ${error ?? `still '${phase}' after ${timeoutMs} ms`}`)
}

const readState = (page: Page) =>
  page.evaluate(() => {
    const { sample: _sample, leave: _leave, ...state } = (window as BenchWindow).__callBench as CallPageState
    return state
  })
const sample = (page: Page): Promise<CallPageSample> =>
  page.evaluate(() => ((window as BenchWindow).__callBench as CallPageState).sample())

export async function runCallBench(options: CallOptions, log: (line: string) => void): Promise<CallResult> {
  const started = performance.now()
  const result: CallResult = {
    options,
    livekitVersion: LIVEKIT_VERSION,
    chromiumVersion: '',
    error: null,
    rounds: [],
    summary: { ours: null, reference: null },
    pageBuildMs: NaN,
    ms: 0,
    pageErrors: [],
  }
  const cleanUps: { what: string; run: () => Promise<void> | void }[] = []
  const workDir = mkdtempSync(join(tmpdir(), 'board-bench-call-'))
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true })
  // A hard exit (the run's time budget) skips the finally below: leave nothing behind then either.
  const lastResort: (() => void)[] = [removeWorkDir]
  const onExit = (): void => lastResort.forEach((run) => run())
  process.once('exit', onExit)
  cleanUps.push({ what: 'the temporary directory', run: removeWorkDir })
  try {
    const missing = localLiveKitMissing(LOCAL_LIVEKIT_BINARY)
    if (missing) throw new Error(missing)
    const pageDir = join(workDir, 'page')
    result.pageBuildMs = await buildPage(pageDir)
    const site = await serveCallPage(pageDir, CALL_SITE_PORT)
    cleanUps.push({ what: 'the page server', run: () => site.close() })

    const apiKey = 'bench-call'
    const apiSecret = randomBytes(32).toString('base64url')
    const before = new Set(childrenOf(process.pid).map((child) => child.pid))
    const livekit = await startLocalLiveKit({
      binary: LOCAL_LIVEKIT_BINARY,
      port: CALL_LIVEKIT_PORT,
      apiKey,
      apiSecret,
      webhookUrl: site.webhookUrl,
    })
    cleanUps.push({ what: 'livekit-server', run: () => livekit.stop() })
    const livekitPid = childrenOf(process.pid).find(
      (c) => !before.has(c.pid) && c.comm.startsWith('livekit'),
    )?.pid
    if (livekitPid === undefined) throw new Error('could not find the livekit-server process')
    lastResort.push(() => {
      try {
        process.kill(livekitPid, 'SIGKILL')
      } catch {
        // already gone
      }
    })
    const rooms = new RoomServiceClient(livekit.url, apiKey, apiSecret)

    // One Chromium each, so their CPU can be told apart; a fresh context (profile) per round.
    const publisher = await launch()
    cleanUps.push({ what: "the publisher's Chromium", run: () => publisher.browser.close() })
    const viewer = await launch()
    cleanUps.push({ what: "the viewer's Chromium", run: () => viewer.browser.close() })
    result.chromiumVersion = publisher.browser.version()
    const signalUrl = livekit.url.replace(/^http/, 'ws')

    const oneRound = async (mode: CallMode, round: number): Promise<CallRound> => {
      const e2ee = mode === 'ours'
      const room = `bench-call-${round}-${mode}-${randomBytes(4).toString('hex')}`
      await rooms.createRoom({ name: room, emptyTimeout: 30 })
      const contexts: BrowserContext[] = []
      const pages: Page[] = []
      try {
        const key = randomBytes(32).toString('base64url')
        const open = async (browser: Browser, identity: string, role: 'therapist' | 'partnerA') => {
          const token = await mintCallToken({ apiKey, apiSecret, room, identity, role })
          const context = await browser.newContext({ viewport: { width: 800, height: 600 } })
          contexts.push(context)
          const page = await context.newPage()
          pages.push(page)
          const note = (text: string): void =>
            void (result.pageErrors.length < 10 && result.pageErrors.push(`${mode} ${identity}: ${text}`))
          page.on('console', (message) => message.type() === 'error' && note(message.text()))
          page.on('pageerror', (error) => note(error.message))
          page.on(
            'response',
            (response) => response.status() >= 400 && note(`${response.status()} ${response.url()}`),
          )
          const query = new URLSearchParams({
            url: signalUrl,
            token,
            e2ee: e2ee ? '1' : '0',
            ...(e2ee ? { key } : {}),
            publish: role === 'therapist' ? '1' : '0',
          })
          await page.goto(`${site.url}?${query}`)
          return page
        }
        const publisherPage = await open(publisher.browser, 'publisher', 'therapist')
        await waitForPhase(publisherPage, ['published'], 30_000, 'the publisher did not publish')
        const viewerPage = await open(viewer.browser, 'viewer', 'partnerA')
        await waitForPhase(viewerPage, ['first-frame'], 30_000, 'the viewer saw no frame')
        await sleep(options.warmUpSeconds * 1_000)

        const [pub0, view0] = await Promise.all([sample(publisherPage), sample(viewerPage)])
        const cpu0 = {
          publisher: treeCpu(publisher.pid),
          viewer: treeCpu(viewer.pid),
          livekit: treeCpu(livekitPid),
          self: process.cpuUsage(),
          host: hostBusySeconds(),
          at: performance.now(),
        }
        await sleep(options.windowSeconds * 1_000)
        const cpu1 = {
          publisher: treeCpu(publisher.pid),
          viewer: treeCpu(viewer.pid),
          livekit: treeCpu(livekitPid),
          self: process.cpuUsage(cpu0.self),
          host: hostBusySeconds(),
          at: performance.now(),
        }
        const [pub1, view1] = await Promise.all([sample(publisherPage), sample(viewerPage)])
        const [pubState, viewState] = await Promise.all([readState(publisherPage), readState(viewerPage)])

        const wallS = (cpu1.at - cpu0.at) / 1_000
        const spent = (a: TreeCpu, b: TreeCpu) => cpuBetween(a, b)
        const pubCpu = spent(cpu0.publisher, cpu1.publisher)
        const viewCpu = spent(cpu0.viewer, cpu1.viewer)
        const livekitMs = spent(cpu0.livekit, cpu1.livekit).totalMs
        const selfMs = (cpu1.self.user + cpu1.self.system) / 1_000
        const benchMs = pubCpu.totalMs + viewCpu.totalMs + livekitMs + selfMs
        const perS = (ms: number): number => ms / wallS
        const byTypePerS = (byType: Record<string, number>): Record<string, number> =>
          Object.fromEntries(Object.entries(byType).map(([type, ms]) => [type, Math.round(perS(ms))]))

        const viewS = (view1.at - view0.at) / 1_000
        const inbound0 = view0.rtp[0]
        const inbound1 = view1.rtp[0]
        const pubS = (pub1.at - pub0.at) / 1_000
        const layers = pub1.rtp.map((row) => {
          const earlier = pub0.rtp.find((r) => r.id === row.id)
          const fps = (num(row, 'framesEncoded') - num(earlier, 'framesEncoded')) / pubS
          return { row, fps }
        })
        const since = (name: string): number => num(inbound1, name) - num(inbound0, name)
        const connectAt = viewState.connectCalledAt
        const after = (at: number | null): number | null =>
          at !== null && connectAt !== null ? at - connectAt : null
        return {
          mode,
          round,
          error: null,
          joinMs: after(viewState.firstFrameAt),
          connectedMs: after(viewState.connectedAt),
          subscribedMs: after(viewState.subscribedAt),
          setUpMs: viewState.setUpMs,
          windowS: viewS,
          fps: (view1.totalVideoFrames - view0.totalVideoFrames) / viewS,
          presentedFps: (view1.presentedFrames - view0.presentedFrames) / viewS,
          decodedFps: since('framesDecoded') / viewS,
          droppedFrames: view1.droppedVideoFrames - view0.droppedVideoFrames,
          decoderDroppedFrames: since('framesDropped'),
          receivedSize: `${num(inbound1, 'frameWidth')}x${num(inbound1, 'frameHeight')}`,
          decoder: str(inbound1, 'decoderImplementation'),
          encodedFps: layers.reduce((sum, layer) => sum + layer.fps, 0),
          sentLayers: layers
            .filter((layer) => layer.fps > 0)
            .map(
              ({ row, fps }) =>
                `${str(row, 'rid')}:${num(row, 'frameWidth')}x${num(row, 'frameHeight')}@${fps.toFixed(1)}`,
            )
            .join(' '),
          qualityLimitation: [...new Set(pub1.rtp.map((row) => str(row, 'qualityLimitationReason')))].join(
            ',',
          ),
          encoder: [...new Set(pub1.rtp.map((row) => str(row, 'encoderImplementation')))].join(','),
          capture: pubState.capture
            ? `${pubState.capture.width}x${pubState.capture.height}@${pubState.capture.frameRate}`
            : '?',
          cpuMsPerS: {
            publisher: perS(pubCpu.totalMs),
            viewer: perS(viewCpu.totalMs),
            both: perS(pubCpu.totalMs + viewCpu.totalMs),
            livekit: perS(livekitMs),
          },
          cpuMsPerSByType: { publisher: byTypePerS(pubCpu.byType), viewer: byTypePerS(viewCpu.byType) },
          otherCores: Math.max(0, (cpu1.host - cpu0.host) * 1_000 - benchMs) / 1_000 / wallS,
          encryptionAsExpected: pubState.encrypted === e2ee && viewState.encrypted === e2ee,
          encryptionErrors: pubState.encryptionErrors + viewState.encryptionErrors,
        }
      } finally {
        // Leave as the app does, then drop the profiles and the room.
        await Promise.all(
          pages.map((page) =>
            Promise.race([
              page.evaluate(() => (window as BenchWindow).__callBench?.leave()).catch(() => undefined),
              sleep(3_000),
            ]),
          ),
        )
        await Promise.all(contexts.map((context) => context.close().catch(() => undefined)))
        await rooms.deleteRoom(room).catch(() => undefined)
      }
    }

    const failed = (mode: CallMode, round: number, error: unknown): CallRound => ({
      mode,
      round,
      error: error instanceof Error ? error.message : String(error),
      joinMs: null,
      connectedMs: null,
      subscribedMs: null,
      setUpMs: null,
      windowS: NaN,
      fps: NaN,
      presentedFps: NaN,
      decodedFps: NaN,
      droppedFrames: NaN,
      decoderDroppedFrames: NaN,
      receivedSize: '',
      decoder: '',
      encodedFps: NaN,
      sentLayers: '',
      qualityLimitation: '',
      encoder: '',
      capture: '',
      cpuMsPerS: { publisher: NaN, viewer: NaN, both: NaN, livekit: NaN },
      cpuMsPerSByType: { publisher: {}, viewer: {} },
      otherCores: NaN,
      encryptionAsExpected: false,
      encryptionErrors: 0,
    })

    for (let round = 0; round < options.rounds; round++) {
      // Alternating which mode goes first, so a drift of the machine's load touches both alike.
      const order: CallMode[] = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours']
      for (const mode of order) {
        const done = await oneRound(mode, round).catch((error: unknown) => failed(mode, round, error))
        result.rounds.push(done)
        log(
          done.error
            ? `  round ${round + 1}/${options.rounds} ${mode}: FAILED: ${done.error}`
            : `  round ${round + 1}/${options.rounds} ${mode}: first frame ${Math.round(done.joinMs ?? NaN)} ms, ` +
                `${done.fps.toFixed(1)} fps, ${done.droppedFrames} dropped, ` +
                `CPU ${Math.round(done.cpuMsPerS.both)} ms/s (publisher ${Math.round(done.cpuMsPerS.publisher)}, ` +
                `viewer ${Math.round(done.cpuMsPerS.viewer)}), other load ${done.otherCores.toFixed(2)} cores`,
        )
      }
    }
    for (const mode of callModes)
      result.summary[mode] = summarize(result.rounds.filter((r) => r.mode === mode))
    const bad = result.rounds.find((r) => r.error !== null)
    const unencrypted = result.rounds.find((r) => r.error === null && !r.encryptionAsExpected)
    if (bad) result.error = `${bad.mode} round ${bad.round + 1}: ${bad.error}`
    else if (unencrypted)
      result.error = `${unencrypted.mode} round ${unencrypted.round + 1}: the room's encryption was not as the mode wants`
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    for (const { what, run } of cleanUps.reverse()) {
      try {
        await run()
      } catch (error) {
        log(`  call: could not stop ${what}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    process.off('exit', onExit)
  }
  result.ms = performance.now() - started
  return result
}

export const callFailed = (result: CallResult): boolean => result.error !== null
