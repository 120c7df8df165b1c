// Issue #20 (Medium): a 400 MB JSON body to the anonymous pairing route was read whole (~900 MB) before its 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, startTestApp, type TestApp, type TestUser } from '../support/app.ts'
import { testDatabases } from '../support/databases.ts'
import { catPhoto } from '../support/images.ts'
import { openCatSearch } from '../support/searches.ts'

const HUNDREDS_OF_MB = 400 * 1024 * 1024
const CHUNK = 64 * 1024

/** A JSON-looking body of `total` bytes, made as it is read; `pulled` says how much the server read. */
function endlessBody(total: number) {
  const counter = { pulled: 0 }
  const chunk = new TextEncoder().encode('['.padEnd(CHUNK, ' '))
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close()
      counter.pulled += chunk.length
      controller.enqueue(chunk)
    },
  })
  return { stream, counter }
}

describe.each(testDatabases())('request body limits on $name', (testDb) => {
  let t: TestApp
  let owner: TestUser

  beforeAll(async () => {
    t = await startTestApp(testDb)
    owner = await t.signUp('Pet owner')
  })
  afterAll(async () => t?.dispose())

  // These two are not run over HTTP (npm run test:edge), where the Worker answers 413 too (wrangler dev logs it):
  // - fetch refuses a Content-Length its body does not have, and sent raw (node:http) wrangler dev's proxy
  //   forwards the request only once all 400 MB arrived, so the answer never comes. In production Cloudflare
  //   itself refuses a body over the plan's limit (100 MB on Free and Pro) before the Worker sees it.
  // - answered while the client still uploads, the client gets ECONNRESET or wrangler dev's proxy a lost
  //   connection (503), at random; and what the client pulled counts the sockets' buffers (MBs), not the reads.
  // The "limits … too" cases below run the same limit (src/http/body-limit.ts) on both runtimes.
  const inProcessOnly = it.skipIf(Boolean(process.env.EDGE_URL))

  inProcessOnly('refuses an anonymous 400 MB body by its Content-Length, before reading it', async () => {
    const res = await t.request('/api/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(HUNDREDS_OF_MB) },
      body: '{}',
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body is larger than 256 KB',
    })
  })

  inProcessOnly('stops reading a streamed body without a length soon after the limit', async () => {
    const { stream, counter } = endlessBody(HUNDREDS_OF_MB)
    const res = await t.request('/api/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(counter.pulled).toBeLessThan(1024 * 1024)
  })

  it.each(['/api/auth/sign-in/email', '/api/cameras', '/api/me/notifications'])(
    'limits %s too (signed in or not)',
    async (path) => {
      const res = await t.request(path, jsonInit('POST', { name: 'x'.repeat(300 * 1024) }, owner))
      expect(res.status).toBe(413)
    },
  )

  it('still takes a photo upload larger than the default limit', async () => {
    const photo = Buffer.concat([await catPhoto(), Buffer.alloc(400 * 1024)]) // trailing bytes after the JPEG's end
    expect((await openCatSearch(t, owner, { photo })).id).toBeTruthy()
  })
})
