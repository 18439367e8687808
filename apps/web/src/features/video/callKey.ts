import { BaseKeyProvider, KeyProviderEvent, createKeyMaterialFromBuffer } from 'livekit-client'

/** The session's media key is 32 random bytes (AES key material for LiveKit's HKDF derivation). */
export const CALL_KEY_BYTES = 32

/** Decodes the server's base64url key; anything that is not exactly 32 bytes is refused. */
export function decodeCallKey(encoded: string): ArrayBuffer {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) throw new Error('The call key is not base64url.')
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  if (binary.length !== CALL_KEY_BYTES) throw new Error(`The call key must be ${CALL_KEY_BYTES} bytes.`)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i)
  return bytes.buffer
}

/**
 * One shared key for everyone in the call, replaced (never ratcheted) whenever the server makes a new
 * one, at the index the server gives. LiveKit's ExternalE2EEKeyProvider always writes index 0, so a
 * participant still on the old key and one on the new key could not tell frames apart.
 */
export class SessionKeyProvider extends BaseKeyProvider {
  #keyIndex = -1
  #acceptedIndex = -1

  constructor() {
    super({ sharedKey: true, ratchetWindowSize: 0 })
  }

  /** The index of the newest key installed, or -1 before the first. */
  get keyIndex(): number {
    return this.#keyIndex
  }

  /** The newest index this person can decrypt, whether or not they encrypt with it yet. */
  get acceptedIndex(): number {
    return Math.max(this.#acceptedIndex, this.#keyIndex)
  }

  /** Installs a key and makes it the one new frames are encrypted with. Older indexes never win. */
  async setSessionKey(key: ArrayBuffer, index: number): Promise<boolean> {
    if (index < this.#keyIndex) return false
    const material = await createKeyMaterialFromBuffer(key)
    if (index < this.#keyIndex) return false
    this.#keyIndex = index
    this.onSetEncryptionKey(material, undefined, index)
    return true
  }

  /**
   * First step of a key change: decrypt what others already encrypt with the new key, while still
   * encrypting with the current one until everyone had the moment to fetch the new key too.
   */
  async acceptSessionKey(key: ArrayBuffer, index: number): Promise<boolean> {
    if (index <= this.acceptedIndex) return false
    const material = await createKeyMaterialFromBuffer(key)
    if (index <= this.acceptedIndex) return false
    this.#acceptedIndex = index
    this.emit(
      KeyProviderEvent.SetKey,
      { key: material, participantIdentity: undefined, keyIndex: index },
      false,
    )
    return true
  }
}
