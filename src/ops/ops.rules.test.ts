import { describe, expect, it } from 'vitest'
import { mayReadMetrics } from './ops.rules.ts'

const request = (headers: Record<string, string>, remoteAddress: string | undefined = '203.0.113.9') => ({
  remoteAddress,
  headers: (name: string) => headers[name],
})

describe('who may read /metrics', () => {
  it.each([
    [{ authorization: 'Bearer s3cret-token' }, true],
    [{ authorization: 'Bearer s3cret-tokeN' }, false],
    [{ authorization: 'Bearer s3cret-toke' }, false],
    [{ authorization: 'Bearer s3cret-token2' }, false],
    [{ authorization: 'Bearer ' }, false],
    [{ authorization: 's3cret-token' }, false],
    [{}, false],
  ])('with a token configured: %o → %s', async (headers, allowed) => {
    expect(await mayReadMetrics(request(headers), 's3cret-token')).toBe(allowed)
  })

  it('without a token: a loopback client that came straight to the socket only', async () => {
    expect(await mayReadMetrics(request({}, '127.0.0.1'), undefined)).toBe(true)
    expect(await mayReadMetrics(request({}, '::1'), undefined)).toBe(true)
    expect(await mayReadMetrics(request({ 'x-forwarded-for': '198.51.100.1' }, '127.0.0.1'), undefined)).toBe(false)
    expect(await mayReadMetrics(request({}, '203.0.113.9'), undefined)).toBe(false)
    expect(await mayReadMetrics(request({}, undefined), undefined)).toBe(false)
  })
})
