import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The key that signs invitation and connect tokens: BOARD_SECRET if set, else a random key generated
 * once into DATA_DIR/secret.key (readable by the server's user only), so tokens survive a restart.
 */
export function loadSecret(dataDir: string, configured: string | null): Buffer {
  if (configured !== null) return Buffer.from(configured, 'utf8')
  const path = join(dataDir, 'secret.key')
  try {
    const stored = readFileSync(path, 'utf8').trim()
    if (stored.length >= 64) return Buffer.from(stored, 'hex')
  } catch {
    // No key yet: make one below.
  }
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32).toString('hex')
  writeFileSync(path, key + '\n', { mode: 0o600, flag: 'w' })
  chmodSync(path, 0o600)
  return Buffer.from(key, 'hex')
}
