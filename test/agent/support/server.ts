import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { CAMERA_CONSENT_VERSION } from '../../../src/cameras/consent.ts'
import { loadConfig } from '../../../src/config.ts'
import { createLogger } from '../../../src/logger.ts'
import { type RunningServer, startServer } from '../../../src/server.ts'

export const PUBLIC_URL = 'http://localhost:8787'

/** The real Homeward server on embedded PGlite, in a data dir that survives stop() for a restart. */
export async function startHomeward(dataDir: string): Promise<RunningServer> {
  return startServer(
    loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL, SHUTDOWN_GRACE_MS: '500' }),
    createLogger('silent'),
  )
}

export const tempDir = (prefix: string) => fs.mkdtemp(path.join(os.tmpdir(), prefix))

export interface CameraOwner {
  readonly cookie: string
  readonly cameraId: string
  pairingCode(): Promise<string>
  revokeConsent(): Promise<void>
}

/** Signs up a new account; returns its session cookie. */
export async function signUp(base: string, name: string): Promise<string> {
  const email = `agent-${crypto.randomUUID()}@example.com`
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
    body: JSON.stringify({ email, password: 'correct horse battery staple', name }),
  })
  if (res.status !== 200) throw new Error(`sign-up: ${res.status} ${await res.text()}`)
  const signedIn = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
    body: JSON.stringify({ email, password: 'correct horse battery staple' }),
  })
  if (signedIn.status !== 200) throw new Error(`sign-in: ${signedIn.status} ${await signedIn.text()}`) // sign-up gives no session
  return signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** Where every test camera stands (a point in Lambeth); a search last seen here is in its reach. */
export const CAMERA_LOCATION = { lat: 51.4613, lng: -0.1156 } as const

/** Signs up, registers and opts in a camera, the way the web app does. */
export async function cameraOwner(base: string): Promise<CameraOwner> {
  const cookie = await signUp(base, 'Camera owner')
  const json = { 'content-type': 'application/json', cookie }
  const camera = await fetch(`${base}/api/cameras`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      name: 'Front door',
      location: CAMERA_LOCATION,
      consent: { version: CAMERA_CONSENT_VERSION, accepted: true },
    }),
  })
  if (camera.status !== 201) throw new Error(`camera: ${camera.status} ${await camera.text()}`)
  const cameraId = ((await camera.json()) as { id: string }).id
  return {
    cookie,
    cameraId,
    async pairingCode() {
      const res = await fetch(`${base}/api/cameras/${cameraId}/pairing-code`, { method: 'POST', headers: { cookie } })
      if (res.status !== 201) throw new Error(`pairing code: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { code: string }).code
    },
    async revokeConsent() {
      const res = await fetch(`${base}/api/cameras/${cameraId}/consent`, { method: 'DELETE', headers: { cookie } })
      if (res.status !== 200) throw new Error(`revoke: ${res.status} ${await res.text()}`)
    },
  }
}

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: Buffer
  status?: number
  response?: string
}

export interface RecordingProxy {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Where requests go; undefined = the server is down (the proxy answers like a dead upstream: 502). */
  target: string | undefined
  /** Answer these paths here instead of forwarding (routes the server does not have yet). */
  readonly local: Map<string, (req: RecordedRequest) => { status: number; body: unknown }>
  /** Forward the next n requests but cut the connection instead of answering: a lost response. */
  loseResponses: number
  close(): Promise<void>
}

/** Sits between the agent and the real server, keeping every request body the agent sent. */
export async function recordingProxy(target: string | undefined): Promise<RecordingProxy> {
  const proxy: Omit<RecordingProxy, 'url' | 'close'> = { requests: [], target, local: new Map(), loseResponses: 0 }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks),
        }
        proxy.requests.push(recorded)
        const local = proxy.local.get(recorded.path.split('?')[0]!)
        if (local) {
          const answer = local(recorded)
          recorded.status = answer.status
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body))
          return
        }
        if (!proxy.target) {
          recorded.status = 502
          res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream down')
          return
        }
        try {
          const headers = Object.fromEntries(
            Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
          ) as Record<string, string>
          const upstream = await fetch(`${proxy.target}${recorded.path}`, {
            method: recorded.method,
            headers,
            ...(recorded.body.length && { body: new Uint8Array(recorded.body) }),
          })
          const text = await upstream.text()
          recorded.status = upstream.status
          recorded.response = text
          if (proxy.loseResponses > 0) {
            proxy.loseResponses--
            res.socket?.destroy()
            return
          }
          const headers_: Record<string, string | string[]> = {
            'content-type': upstream.headers.get('content-type') ?? 'application/json',
          }
          const cookies = upstream.headers.getSetCookie()
          if (cookies.length) headers_['set-cookie'] = cookies
          res.writeHead(upstream.status, headers_).end(text)
        } catch {
          recorded.status = 502
          res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream down')
        }
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return Object.assign(proxy, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
