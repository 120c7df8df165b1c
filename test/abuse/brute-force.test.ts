import { describe, expect, it } from 'vitest'
import { DEFAULT_ABUSE_LIMITS } from '../../src/http/abuse-limits.ts'
import { BASE_URL, jsonInit, useTestApp } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'

const PASSWORD = 'correct horse battery staple'

describe.each(testDatabases())('brute force on $name', (testDb) => {
  let clock = Date.now()
  const t = useTestApp(testDb, { limits: DEFAULT_ABUSE_LIMITS, now: () => new Date(clock) })
  // Each test request comes "from" a socket with this address, as the Node server gives it.
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
  const signIn = (email: string, password: string, address = '198.51.100.7') =>
    t.app.request(
      `${BASE_URL}/api/auth/sign-in/email`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE_URL },
        body: JSON.stringify({ email, password }),
      },
      from(address),
    )

  it('slows guessing one account with a growing delay, answering 429 with Retry-After, and lets the owner in once it passes', async () => {
    const victim = await t.signUp('Victim')
    const statuses: number[] = []
    let retryAfter: string | null = null
    // Many addresses (a botnet): the per-account delay still holds.
    for (let i = 0; i < 40; i++) {
      const res = await signIn(victim.email, `wrong-password-${i}`, `203.0.113.${i + 1}`)
      statuses.push(res.status)
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after')
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(35)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    expect((await (await signIn(victim.email, 'wrong-again', '203.0.113.200')).json()).error.code).toBe('RATE_LIMITED')

    // The right password waits too (or the delay would be an oracle), then works, and clears the streak.
    expect((await signIn(victim.email, PASSWORD)).status).toBe(429)
    clock += 3 * 1000
    expect((await signIn(victim.email, PASSWORD)).status).toBe(200)
    expect((await signIn(victim.email, 'one-typo')).status).toBe(401)
    expect((await signIn(victim.email, PASSWORD)).status).toBe(200)

    // The throttle table names nobody: no e-mail address, no client address.
    const rows = await t.database.db.selectFrom('account_throttle').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(victim.email)
    expect(JSON.stringify(rows)).not.toContain('203.0.113')
  })

  it('limits sign-in attempts per client address in memory, whatever accounts they aim at', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 32; i++)
      statuses.push((await signIn(`nobody${i}@example.com`, 'guess-guess-guess', '198.51.100.99')).status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(30)
    expect(statuses.slice(30)).toEqual([429, 429])
    expect((await signIn('nobody0@example.com', 'guess-guess-guess', '198.51.100.100')).status).toBe(401) // another address is not blocked
  })

  it('limits sign-ups per client address', async () => {
    const signUp = (i: number) =>
      t.app.request(
        `${BASE_URL}/api/auth/sign-up/email`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE_URL },
          body: JSON.stringify({ email: `flood${i}-${clock}@example.com`, password: PASSWORD, name: 'F' }),
        },
        from('198.51.100.50'),
      )
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await signUp(i)).status)
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    const last = await signUp(12)
    expect(last.status).toBe(429)
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('limits pairing-code guesses per client address, and a refused guess changes nothing', async () => {
    const pair = (code: string) =>
      t.app.request(`${BASE_URL}/api/devices/pair`, jsonInit('POST', { code }), from('198.51.100.60'))
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await pair(`ABCDE-FGH${i % 10}K`)).status)
    expect(statuses.slice(0, 10).every((s) => s === 404 || s === 400)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
    expect(await t.database.db.selectFrom('device_tokens').select('id').execute()).toEqual([])
  })
  it('limits public reads per client address (scraping), in memory only', async () => {
    const read = () => t.app.request(`${BASE_URL}/api/consent/camera`, {}, from('198.51.100.70'))
    let allowed = 0
    let refused: Response | undefined
    for (let i = 0; i < DEFAULT_ABUSE_LIMITS.publicReadsPerAddress.limit + 1; i++) {
      const res = await read()
      if (res.status === 200) allowed++
      else refused = res
    }
    expect(allowed).toBe(DEFAULT_ABUSE_LIMITS.publicReadsPerAddress.limit)
    expect(refused?.status).toBe(429)
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/)
  })
})
