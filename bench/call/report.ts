// Prints the call part: encrypted call (ours) against the same call unencrypted (reference), with ratios.
import type { CallResult, CallRound, CallSummary } from './callBench.ts'
import { fixed, ratio, table } from '../markdown.ts'

/** Above this much CPU spent by processes outside the bench, the CPU figures are not to be compared. */
const maxOtherCores = 0.25

function summaryLines(ours: CallSummary, reference: CallSummary): string[] {
  const row = (name: string, pick: (s: CallSummary) => number, digits: number): string[] => [
    name,
    fixed(pick(ours), digits),
    fixed(pick(reference), digits),
    ratio(pick(ours), pick(reference)),
  ]
  const spread = (v: { p50: number; min: number; max: number }): string =>
    `${fixed(v.p50, 0)} (${fixed(v.min, 0)}–${fixed(v.max, 0)})`
  const join = (s: CallSummary): string => spread(s.joinMs)
  const toFrame = (s: CallSummary): string => spread(s.subscribedToFrameMs)
  const dropped = (s: CallSummary): string => `${fixed(s.droppedFrames, 0)} (${fixed(s.droppedFramesMax, 0)})`
  return table(
    ['median of the rounds', 'ours (e2ee)', 'reference (no e2ee)', 'ours ÷ reference'],
    [
      [
        'join to first frame ms, p50 (min–max)',
        join(ours),
        join(reference),
        ratio(ours.joinMs.p50, reference.joinMs.p50),
      ],
      [
        '  of which subscribed to first frame',
        toFrame(ours),
        toFrame(reference),
        ratio(ours.subscribedToFrameMs.p50, reference.subscribedToFrameMs.p50),
      ],
      row('viewer fps (frames to the video element)', (s) => s.fps, 1),
      row('viewer fps presented', (s) => s.presentedFps, 1),
      row('viewer fps decoded', (s) => s.decodedFps, 1),
      ['dropped frames in the window (element), p50 (max)', dropped(ours), dropped(reference), ''],
      row('dropped frames in the window (decoder)', (s) => s.decoderDroppedFrames, 0),
      row('publisher fps encoded (all layers)', (s) => s.encodedFps, 1),
      [
        'rounds the viewer got 640x480 (not a lower layer)',
        `${ours.fullSizeRounds}/${ours.rounds}`,
        `${reference.fullSizeRounds}/${reference.rounds}`,
        '',
      ],
      row('CPU ms/s publisher (its Chromium)', (s) => s.cpuMsPerS.publisher, 0),
      row('CPU ms/s viewer (its Chromium)', (s) => s.cpuMsPerS.viewer, 0),
      row('CPU ms/s publisher + viewer', (s) => s.cpuMsPerS.both, 0),
      row('CPU ms/s livekit-server', (s) => s.cpuMsPerS.livekit, 0),
      row('other load, cores', (s) => s.otherCores, 2),
    ],
  )
}

function roundLine(r: CallRound): string {
  const name = `  ${r.mode} round ${r.round + 1}`
  if (r.error !== null) return `${name}: FAILED: ${r.error}`
  const top = (byType: Record<string, number>): string =>
    Object.entries(byType)
      .filter(([, ms]) => ms >= 5)
      .sort((a, b) => b[1] - a[1])
      .map(([type, ms]) => `${type} ${ms}`)
      .join(', ')
  return (
    `${name}: first frame ${fixed(r.joinMs ?? NaN, 0)} ms (connected ${fixed(r.connectedMs ?? NaN, 0)}, ` +
    `subscribed ${fixed(r.subscribedMs ?? NaN, 0)}; set-up before connect ${fixed(r.setUpMs ?? NaN, 0)}), ` +
    `${fixed(r.fps, 1)} fps at ${r.receivedSize}, ${r.droppedFrames} dropped; sent ${r.sentLayers} ` +
    `(limited by ${r.qualityLimitation}); CPU ms/s publisher [${top(r.cpuMsPerSByType.publisher)}], ` +
    `viewer [${top(r.cpuMsPerSByType.viewer)}]; other load ${fixed(r.otherCores, 2)} cores` +
    (r.encryptionErrors > 0 ? `; ${r.encryptionErrors} encryption errors` : '')
  )
}

export function callReport(result: CallResult): string {
  const { ours, reference } = result.summary
  const { rounds, windowSeconds, warmUpSeconds } = result.options
  const first = result.rounds.find((r) => r.error === null)
  const lines = [
    `Call: end-to-end encryption's cost, one publisher (fake camera) and one viewer on livekit-server ` +
      `${result.livekitVersion}, Chromium ${result.chromiumVersion || '?'}; ${rounds} rounds per mode, ` +
      `alternating, ${windowSeconds} s window after ${warmUpSeconds} s of warm-up; ` +
      `measured in ${Math.round(result.ms / 1000)} s (page built in ${Math.round(result.pageBuildMs)} ms)`,
    '',
  ]
  if (ours && reference) {
    lines.push(...summaryLines(ours, reference))
    const load = Math.max(ours.otherCores, reference.otherCores)
    if (load > maxOtherCores)
      lines.push(
        `other load up to ${fixed(load, 2)} cores: the CPU figures are disturbed, rerun on a quiet machine`,
      )
  } else lines.push('Not enough rounds completed to compare.')
  if (first) {
    lines.push(
      `camera ${first.capture} (LiveKit encodes 640x480 at its preset's 20 fps at most); encoder ` +
        `${first.encoder}${first.decoder === '?' ? '' : `, decoder ${first.decoder}`}; rounds by mode ` +
        `(ours ${ours?.rounds ?? 0}, reference ${reference?.rounds ?? 0} completed):`,
    )
  }
  lines.push(...result.rounds.map(roundLine))
  if (result.error) lines.push(`FAILED: ${result.error}`)
  for (const error of result.pageErrors) lines.push(`page error: ${error}`)
  lines.push(
    '',
    "Join to first frame: from the viewer's room.connect() call to the first remote video frame presented",
    '(requestVideoFrameCallback); the publisher is already in the room, publishing. fps: the video element’s',
    'getVideoPlaybackQuality() frames over the window; decoded: inbound-rtp framesDecoded. CPU: utime + stime',
    "of every process of each Chromium (/proc/<pid>/stat; encoding, decoding and the e2ee worker's",
    'encryption all run in those) per second of window. ours: the web app’s Room options and key provider,',
    'encrypted; reference: the same call unencrypted. One machine, loopback, a fake camera: this is the',
    "encryption's cost in CPU and start-up, not the network's behaviour.",
  )
  return lines.join('\n')
}
