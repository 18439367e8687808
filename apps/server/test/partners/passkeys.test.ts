import {
  apiErrorSchema,
  passkeyOptionsSchema,
  passkeySignedInSchema,
  secondFactorSchema,
} from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { auditOf, createCleanup } from '../helpers.ts'
import type { Browser } from '../access/people.ts'
import { FakeAuthenticator } from './fakeAuthenticator.ts'
import {
  ageDevices,
  localBrowser,
  openLink,
  partnerLink,
  partners,
  planToken,
  startPartnerServer,
  therapistWithCouple,
} from './partnerPeople.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

type Options = z.infer<typeof passkeyOptionsSchema>

/** What the web app does with @simplewebauthn/browser: options, the authenticator, verify. */
async function registerPasskey(browser: Browser, authenticator: FakeAuthenticator, coupleId?: string) {
  const request = coupleId ? { coupleId } : {}
  const options = await browser.json('POST', '/api/passkeys/register/options', request, passkeyOptionsSchema)
  const response = authenticator.create(options as Options & Parameters<FakeAuthenticator['create']>[0])
  return browser.request('POST', '/api/passkeys/register/verify', { ...request, response })
}

async function signInOptions(browser: Browser, pendingLogin?: string) {
  const body = pendingLogin ? { pendingLogin } : {}
  return (await browser.json(
    'POST',
    '/api/passkeys/sign-in/options',
    body,
    passkeyOptionsSchema,
  )) as Options & Parameters<FakeAuthenticator['get']>[0]
}

describe('a partner’s passkey signs their device in again', () => {
  it('registers on the signed-in device, and after the sign-in lapsed signs it in with no name typed', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const phone = localBrowser(server)
    const joined = (await openLink(phone, await partnerLink(therapist, coupleId, 'partnerA'))).body
    const personId = String(joined.participantId)
    const authenticator = new FakeAuthenticator(phone.origin)

    // Without a signed-in device there is nothing to register a passkey for.
    const nobody = await localBrowser(server).request('POST', '/api/passkeys/register/options', { coupleId })
    expect(nobody.status).toBe(401)
    expect(apiErrorSchema.parse(await nobody.json()).code).toBe('not_signed_in')

    const registered = await registerPasskey(phone, authenticator, coupleId)
    expect(registered.status).toBe(201)
    // One passkey per authenticator and person: the same authenticator is not asked twice.
    await expect(registerPasskey(phone, authenticator, coupleId)).rejects.toThrow(/already holds/)
    const devices = (await partners(therapist, coupleId)).partners[0]?.devices
    expect(devices).toEqual([expect.objectContaining({ hasPasskey: true, signedIn: true })])

    await ageDevices(server, personId, 13)
    expect((await planToken(phone, coupleId)).status).toBe(401)

    const options = await signInOptions(phone)
    expect(options.allowCredentials ?? []).toEqual([])
    const assertion = authenticator.get(options)
    const signedIn = passkeySignedInSchema.parse(
      await phone.json('POST', '/api/passkeys/sign-in/verify', { response: assertion }),
    )
    expect(signedIn).toMatchObject({ kind: 'partner', coupleId, participantId: personId, role: 'partnerA' })
    expect((await planToken(phone, coupleId)).personId).toBe(personId)

    // A challenge is good once.
    const replayed = await phone.request('POST', '/api/passkeys/sign-in/verify', { response: assertion })
    expect(replayed.status).toBe(400)
    expect(apiErrorSchema.parse(await replayed.json()).code).toBe('passkey_challenge')

    const trail = (await auditOf(server).forSession(coupleId)).map((entry) => entry.action)
    expect(trail).toEqual(expect.arrayContaining(['passkey_registered', 'passkey_signed_in']))
  })

  it('refuses an assertion made for another site, a forged one, and a withdrawn partner’s passkey', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const phone = localBrowser(server)
    await openLink(phone, await partnerLink(therapist, coupleId, 'partnerB'), 'Bo')
    const authenticator = new FakeAuthenticator(phone.origin)
    expect((await registerPasskey(phone, authenticator, coupleId)).status).toBe(201)

    // A look-alike site relaying our challenge: the browser would have signed for its own origin.
    const phishing = new FakeAuthenticator(`http://evil.localhost:${server.port}`)
    phishing.credentials.push(
      ...authenticator.credentials.map((credential) => ({ ...credential, rpId: 'evil.localhost' })),
    )
    const relayed = phishing.get({ ...(await signInOptions(phone)), rpId: 'evil.localhost' })
    const refusedRelay = await phone.request('POST', '/api/passkeys/sign-in/verify', { response: relayed })
    expect(refusedRelay.status).toBe(401)
    expect(apiErrorSchema.parse(await refusedRelay.json()).code).toBe('passkey_not_verified')

    // A signature by another key under this credential's id.
    const impostor = new FakeAuthenticator(phone.origin)
    impostor.create({ challenge: 'x', rp: { id: 'localhost' }, user: { id: '' } })
    const [impostorKey] = impostor.credentials
    const [realKey] = authenticator.credentials
    if (!impostorKey || !realKey) throw new Error('no credentials')
    impostorKey.id = realKey.id
    impostorKey.userHandle = realKey.userHandle
    const forged = impostor.get(await signInOptions(phone))
    const refusedForgery = await phone.request('POST', '/api/passkeys/sign-in/verify', { response: forged })
    expect(refusedForgery.status).toBe(401)
    expect(apiErrorSchema.parse(await refusedForgery.json()).code).toBe('passkey_not_verified')

    await therapist.json('POST', `/api/couples/${coupleId}/partners/partnerB/withdraw`, {})
    const afterWithdrawal = authenticator.get(await signInOptions(phone))
    const refused = await phone.request('POST', '/api/passkeys/sign-in/verify', { response: afterWithdrawal })
    expect(refused.status).toBe(401)
    expect(apiErrorSchema.parse(await refused.json()).code).toBe('passkey_unknown')
    expect((await planToken(phone, coupleId)).status).toBe(401)
  })
})

describe('a therapist’s passkey', () => {
  it('once registered, the password alone no longer signs in: the passkey completes it', async () => {
    const { server } = await startPartnerServer(cleanup)
    const desk = localBrowser(server)
    const email = 'passkey.therapist@clinic.test'
    const password = 'a long enough password'
    const signedUp = await desk.json(
      'POST',
      '/api/auth/sign-up',
      { email, password, displayName: 'Dr. Key' },
      z.object({ csrfToken: z.string(), id: z.string() }),
    )
    desk.csrfToken = signedUp.csrfToken
    const authenticator = new FakeAuthenticator(desk.origin)
    expect((await registerPasskey(desk, authenticator)).status).toBe(201)
    expect((await desk.request('POST', '/api/auth/sign-out', {})).status).toBe(204)
    desk.csrfToken = null

    const first = await desk.json('POST', '/api/auth/sign-in', { email, password })
    const { pendingLogin } = secondFactorSchema.parse(first)
    // The password alone did not sign in.
    expect((await desk.request('GET', '/api/auth/me')).status).toBe(401)
    // A partner-style sign-in (no pending sign-in) does not accept the therapist's passkey.
    const alone = authenticator.get(await signInOptions(desk))
    expect((await desk.request('POST', '/api/passkeys/sign-in/verify', { response: alone })).status).toBe(401)

    const options = await signInOptions(desk, pendingLogin)
    expect(options.allowCredentials?.map((item) => item.id)).toEqual([
      authenticator.credentials[0]?.id.toString('base64url'),
    ])
    const signedIn = passkeySignedInSchema.parse(
      await desk.json('POST', '/api/passkeys/sign-in/verify', {
        pendingLogin,
        response: authenticator.get(options),
      }),
    )
    expect(signedIn).toMatchObject({ kind: 'therapist', id: signedUp.id, email })
    expect((await desk.request('GET', '/api/auth/me')).status).toBe(200)

    // The pending sign-in is used up.
    const again = await desk.request('POST', '/api/passkeys/sign-in/options', { pendingLogin })
    expect(again.status).toBe(401)
    expect(apiErrorSchema.parse(await again.json()).code).toBe('sign_in_expired')
    const trail = (await auditOf(server).forActor(signedUp.id)).map((entry) => entry.action)
    expect(trail).toEqual(expect.arrayContaining(['passkey_registered', 'passkey_signed_in', 'sign_in']))
  })
})
