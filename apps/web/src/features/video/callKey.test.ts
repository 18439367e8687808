import { describe, expect, it } from 'vitest'
import { KeyProviderEvent } from 'livekit-client'
import type { KeyInfo } from 'livekit-client'
import { SessionKeyProvider, decodeCallKey } from './callKey.ts'

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

const keyBytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 251) % 256)

describe('decodeCallKey', () => {
  it('reads the 32 bytes the server sends, base64url without padding', () => {
    const decoded = new Uint8Array(decodeCallKey(base64url(keyBytes)))
    expect([...decoded]).toEqual([...keyBytes])
  })

  it('refuses a key of the wrong length or alphabet, so a broken key never joins the call', () => {
    expect(() => decodeCallKey(base64url(keyBytes.slice(0, 16)))).toThrow(/32 bytes/)
    expect(() => decodeCallKey('not a key!')).toThrow(/base64url/)
  })
})

describe('SessionKeyProvider', () => {
  it('installs each new key at the server’s index and ignores an older one', async () => {
    const provider = new SessionKeyProvider()
    const installed: (number | undefined)[] = []
    provider.on(KeyProviderEvent.SetKey, (info: KeyInfo) => installed.push(info.keyIndex))
    expect(provider.getOptions()).toMatchObject({ sharedKey: true, ratchetWindowSize: 0 })

    expect(await provider.setSessionKey(decodeCallKey(base64url(keyBytes)), 0)).toBe(true)
    expect(await provider.setSessionKey(decodeCallKey(base64url(keyBytes.reverse())), 2)).toBe(true)
    expect(await provider.setSessionKey(decodeCallKey(base64url(keyBytes)), 1)).toBe(false)

    expect(installed).toEqual([0, 2])
    expect(provider.keyIndex).toBe(2)
    expect(provider.getLatestManuallySetKeyIndex()).toBe(2)
    expect(provider.getKeys().map((key) => key.keyIndex)).toEqual([0, 2])
  })

  it('accepts a new key for decrypting first, and encrypts with it only when told to', async () => {
    const provider = new SessionKeyProvider()
    const installed: [number | undefined, boolean][] = []
    provider.on(KeyProviderEvent.SetKey, (info: KeyInfo, makeCurrent: boolean) =>
      installed.push([info.keyIndex, makeCurrent]),
    )
    await provider.setSessionKey(decodeCallKey(base64url(keyBytes)), 0)
    expect(await provider.acceptSessionKey(decodeCallKey(base64url(keyBytes.slice().reverse())), 1)).toBe(
      true,
    )
    // Still sending with key 0, already able to read key 1; the same key is not accepted twice.
    expect(provider.keyIndex).toBe(0)
    expect(provider.acceptedIndex).toBe(1)
    expect(await provider.acceptSessionKey(decodeCallKey(base64url(keyBytes)), 1)).toBe(false)
    expect(await provider.setSessionKey(decodeCallKey(base64url(keyBytes.slice().reverse())), 1)).toBe(true)
    expect(provider.keyIndex).toBe(1)
    expect(installed).toEqual([
      [0, true],
      [1, false],
      [1, true],
    ])
  })
})
