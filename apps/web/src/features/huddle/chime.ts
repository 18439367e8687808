/** A soft two-note chime made in the browser (no sound file to fetch), and each person's mute. */
const MUTE_KEY = 'session-board:chime-muted'

export function isChimeMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1'
  } catch {
    return false
  }
}

export function setChimeMuted(muted: boolean): void {
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0')
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

let context: AudioContext | null = null

export function playChime(): void {
  if (isChimeMuted()) return
  try {
    context ??= new AudioContext()
    const start = context.currentTime
    for (const [index, frequency] of [660, 880].entries()) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.type = 'sine'
      oscillator.frequency.value = frequency
      const at = start + index * 0.18
      gain.gain.setValueAtTime(0.0001, at)
      gain.gain.exponentialRampToValueAtTime(0.08, at + 0.03)
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(at)
      oscillator.stop(at + 0.65)
    }
  } catch {
    // No audio (or not allowed yet): the written warning is still there.
  }
}
