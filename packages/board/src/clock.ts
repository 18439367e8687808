/**
 * The one place that reads the wall clock for shared state. The offset to the server's clock is set
 * by the sync layer once it is estimated; until then it is zero.
 */
let serverOffsetMs = 0

export const boardClock = {
  now(): number {
    return Date.now() + serverOffsetMs
  },
  setServerOffset(offsetMs: number): void {
    serverOffsetMs = offsetMs
  },
}
