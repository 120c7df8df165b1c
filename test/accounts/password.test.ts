import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { authPost, mailsTo, PASSWORD, resetTokenFor, signIn } from './support.ts'

describe.each(testDatabases())('password reset and change on $name', (testDb) => {
  const t = useTestApp(testDb)
  const session = (cookie: string) => t.request('/api/me/data', { headers: { cookie } })

  it('mails a single-use link, answers an unknown address the same, and signs every device out', async () => {
    const user = await t.signUp('Forgetful')
    const known = await authPost(t, '/api/auth/request-password-reset', { email: user.email })
    const unknown = await authPost(t, '/api/auth/request-password-reset', { email: 'nobody-here@example.com' })
    expect([known.status, unknown.status]).toEqual([200, 200])
    expect(await known.json()).toEqual(await unknown.json())
    const token = await resetTokenFor(t, user.email)
    expect(await mailsTo(t, 'nobody-here@example.com')).toEqual([])
    const mail = (await mailsTo(t, user.email))[0]!
    expect(mail).toContain('Reset your Homeward password')
    expect(mail).not.toContain('/api/auth/reset-password') // the token is in the fragment, never in a server's log

    const weak = await authPost(t, '/api/auth/reset-password', { token, newPassword: 'short' })
    expect(weak.status).toBe(400)
    const reset = await authPost(t, '/api/auth/reset-password', { token, newPassword: 'a brand new passphrase' })
    expect(reset.status).toBe(200)
    expect((await session(user.cookie)).status).toBe(401) // the old session is revoked
    expect(
      (await authPost(t, '/api/auth/reset-password', { token, newPassword: 'yet another passphrase' })).status,
    ).toBe(400) // used once
    expect((await signIn(t, user.email)).status).toBe(401)
    expect((await signIn(t, user.email, 'a brand new passphrase')).status).toBe(200)
  })

  it('refuses an expired link', async () => {
    const user = await t.signUp()
    await authPost(t, '/api/auth/request-password-reset', { email: user.email })
    const token = await resetTokenFor(t, user.email)
    await sql`update verifications set "expiresAt" = now() - interval '1 minute' where identifier = ${`reset-password:${token}`}`.execute(
      t.database.db,
    )
    expect(
      (await authPost(t, '/api/auth/reset-password', { token, newPassword: 'a brand new passphrase' })).status,
    ).toBe(400)
    expect((await signIn(t, user.email)).status).toBe(200)
  })

  it('throttles reset mails per address, known or not, with the same answers', async () => {
    const user = await t.signUp()
    const statuses = async (email: string) => {
      const out: number[] = []
      for (let i = 0; i < 7; i++) out.push((await authPost(t, '/api/auth/request-password-reset', { email })).status)
      return out
    }
    const forKnown = await statuses(user.email)
    const forUnknown = await statuses('ghost@example.com')
    expect(forKnown).toEqual(forUnknown)
    expect(forKnown.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(forKnown[6]).toBe(429)
  })

  it('changes the password only with the current one, and signs the other devices out', async () => {
    const user = await t.signUp()
    const other = await signIn(t, user.email)
    const wrong = await authPost(
      t,
      '/api/auth/change-password',
      { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
      user,
    )
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).error.code).toBe('INVALID_PASSWORD')
    expect(
      (await authPost(t, '/api/auth/change-password', { newPassword: 'a brand new passphrase' }, user)).status,
    ).toBe(400)
    // revokeOtherSessions is forced, whatever the client sends.
    const changed = await authPost(
      t,
      '/api/auth/change-password',
      { currentPassword: PASSWORD, newPassword: 'a brand new passphrase', revokeOtherSessions: false },
      user,
    )
    expect(changed.status).toBe(200)
    expect((await session(other.cookie)).status).toBe(401)
    const fresh = changed.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    expect((await session(fresh)).status).toBe(200)
    expect((await signIn(t, user.email)).status).toBe(401)
    expect((await signIn(t, user.email, 'a brand new passphrase')).status).toBe(200)
  })
})
