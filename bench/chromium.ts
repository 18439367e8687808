// Debian's Chromium as the benchmarks start it: headless, and quiet on this machine's closed network.
export const CHROMIUM = '/usr/bin/chromium'

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
