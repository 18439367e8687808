import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/**
 * A fake authenticator, for tests only: what a phone's or laptop's passkey store does for the browser's
 * navigator.credentials, built from node:crypto. It makes ES256 (P-256) credentials with attestation
 * 'none' and signs assertions over authenticatorData ‖ SHA-256(clientDataJSON), with a signature
 * counter; credentials are discoverable (it answers a request that names none). It stands where the
 * browser and the person would, so the server's real @simplewebauthn/server verification is what is
 * tested. It does no user verification, attestation certificates or any other algorithm.
 */

type Credential = {
  id: Buffer
  privateKey: KeyObject
  rpId: string
  userHandle: Buffer
  signCount: number
}

type CreationOptions = {
  challenge: string
  rp: { id?: string }
  user: { id: string }
  excludeCredentials?: Array<{ id: string }>
}
type RequestOptions = { challenge: string; rpId?: string; allowCredentials?: Array<{ id: string }> }

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
const b64url = (data: Buffer) => data.toString('base64url')

// Just enough CBOR (RFC 8949) for an attestation object and a COSE key: maps, integers, bytes, text.
function cbor(value: unknown): Buffer {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length])
    if (length < 256) return Buffer.from([(major << 5) | 24, length])
    if (length < 65536) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff])
    throw new Error('cbor: too long for this fake')
  }
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value)
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value])
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([head(3, bytes.length), bytes])
  }
  if (value instanceof Map) {
    const parts: Buffer[] = [head(5, value.size)]
    for (const [key, item] of value) parts.push(cbor(key), cbor(item))
    return Buffer.concat(parts)
  }
  throw new Error(`cbor: cannot encode ${typeof value}`)
}

const UP = 0x01 // user present
const UV = 0x04 // user verified
const AT = 0x40 // attested credential data included

export class FakeAuthenticator {
  readonly credentials: Credential[] = []
  readonly origin: string

  constructor(origin: string) {
    this.origin = origin
  }

  /** navigator.credentials.create(): a new credential, answered as RegistrationResponseJSON. */
  create(options: CreationOptions) {
    const rpId = options.rp.id ?? new URL(this.origin).hostname
    const excluded = new Set(options.excludeCredentials?.map((item) => item.id))
    if (
      this.credentials.some((credential) => credential.rpId === rpId && excluded.has(b64url(credential.id)))
    )
      throw new Error('InvalidStateError: this authenticator already holds a credential for this account')
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const credential: Credential = {
      id: randomBytes(32),
      privateKey,
      rpId,
      userHandle: Buffer.from(options.user.id, 'base64url'),
      signCount: 0,
    }
    this.credentials.push(credential)
    const coseKey = cbor(
      new Map<number, unknown>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    )
    const idLength = Buffer.from([credential.id.length >> 8, credential.id.length & 0xff])
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([UP | UV | AT]),
      Buffer.alloc(4), // signCount 0
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credential.id,
      coseKey,
    ])
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge)
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    }
  }

  /** navigator.credentials.get(): an assertion by a credential for this site, as AuthenticationResponseJSON. */
  get(options: RequestOptions, pick?: (credential: Credential) => boolean) {
    const rpId = options.rpId ?? new URL(this.origin).hostname
    const allowed = new Set(options.allowCredentials?.map((item) => item.id))
    const credential = this.credentials.find(
      (candidate) =>
        candidate.rpId === rpId &&
        (allowed.size === 0 || allowed.has(b64url(candidate.id))) &&
        (pick?.(candidate) ?? true),
    )
    if (!credential) throw new Error('NotAllowedError: no credential for this site')
    credential.signCount += 1
    const count = Buffer.alloc(4)
    count.writeUInt32BE(credential.signCount)
    const authenticatorData = Buffer.concat([sha256(rpId), Buffer.from([UP | UV]), count])
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge)
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
      credential.privateKey,
    )
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        userHandle: b64url(credential.userHandle),
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    }
  }

  #clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }))
  }
}
