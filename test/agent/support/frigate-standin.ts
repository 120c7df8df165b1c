import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { pino } from 'pino'

/**
 * A stand-in for Frigate's HTTP API on its authenticated port: POST /api/login answers the
 * frigate_token cookie; GET /api/events/<id>/snapshot.jpg wants it as a Bearer token and serves the
 * event's current best snapshot, as Frigate does while the object is tracked (the test sets it).
 */
export async function frigateStandIn(credentials: { user: string; password: string }) {
  const token = `jwt-${Math.random().toString(36).slice(2)}`
  const snapshots = new Map<string, Buffer>()
  const requests: { path: string; query: string; authorized: boolean }[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'POST' && url.pathname === '/api/login') {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { user?: string; password?: string }
        if (body.user !== credentials.user || body.password !== credentials.password)
          return void res.writeHead(401).end()
        res
          .writeHead(200, {
            'set-cookie': `frigate_token=${token}; Path=/; HttpOnly`,
            'content-type': 'application/json',
          })
          .end('{}')
      })
      return
    }
    const match = /^\/api\/events\/([^/]+)\/snapshot\.jpg$/.exec(url.pathname)
    const authorized = req.headers.authorization === `Bearer ${token}`
    requests.push({ path: url.pathname, query: url.search, authorized })
    if (!authorized)
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"unauthorized"}')
    const bytes = match && snapshots.get(decodeURIComponent(match[1]!))
    if (!bytes)
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"success":false,"message":"Event not found"}')
    res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end(bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${credentials.user}@127.0.0.1:${port}`,
    snapshots,
    requests,
    fetchesOf: (id: string) => requests.filter((r) => r.path === `/api/events/${id}/snapshot.jpg`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A TCP hop in front of the real broker that the test can cut and restore: the broker "goes away". */
export async function cuttableProxy(targetPort: number) {
  const sockets = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1')
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => s.destroy())
        }
        client.pipe(upstream).pipe(client)
      })
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port
        resolve()
      })
    })
  await listen()
  return {
    get url() {
      return `mqtt://127.0.0.1:${port}`
    },
    async cut() {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await closed
    },
    restore: listen,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()))
    },
  }
}

/** A pino logger whose lines the test can read (what an owner would see in the journal). */
export function capturingLogger() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as (typeof lines)[number])
      done()
    },
  })
  return { logger: pino({ level: 'debug' }, stream), lines }
}
