// tldraw hands a store's changes to its listeners once per animation frame (`throttleToNextFrame` in
// @tldraw/utils, which the canvas binding's store.listen goes through). It has no fallback when there is
// no requestAnimationFrame, as in Node, where it throws. So the Node clients get a 60 Hz frame clock: a
// callback runs at the next 1/60 s boundary of the process's clock, as a browser runs it at the next vsync.
const frameMs = 1000 / 60

export function installFrameClock(): void {
  if (typeof globalThis.requestAnimationFrame === 'function') return
  const callbacks = new Map<number, FrameRequestCallback>()
  let nextHandle = 1
  let timer: NodeJS.Timeout | null = null

  const runFrame = (): void => {
    timer = null
    const due = [...callbacks.values()]
    callbacks.clear()
    const now = performance.now()
    for (const callback of due) callback(now)
  }

  globalThis.requestAnimationFrame = (callback) => {
    const handle = nextHandle++
    callbacks.set(handle, callback)
    if (!timer) {
      const now = performance.now()
      const nextFrame = (Math.floor(now / frameMs) + 1) * frameMs
      timer = setTimeout(runFrame, nextFrame - now)
    }
    return handle
  }
  globalThis.cancelAnimationFrame = (handle) => {
    callbacks.delete(handle)
  }
}
