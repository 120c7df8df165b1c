import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { createLogger } from '../../src/logger.ts'
import { startServer } from '../../src/server.ts'

describe('the server process', () => {
  let dataDir: string | undefined
  afterAll(async () => {
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true })
  })

  it(
    'starts on PGlite under its data directory, and a stop lets an in-flight request finish',
    { timeout: 180_000 },
    async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-server-'))
      const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
      const server = await startServer(config, createLogger('silent'))
      expect(await fs.readdir(dataDir)).toEqual(expect.arrayContaining(['pglite', 'auth-secret']))

      const health = await fetch(`http://127.0.0.1:${server.port}/health`)
      expect(health.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/)

      // Half a request is on the wire when the stop begins; the rest arrives afterwards.
      const body = JSON.stringify({ code: 'ABCDE-FGHJK' })
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/devices/pair',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': body.length },
          },
          (res) => {
            let text = ''
            res.on('data', (chunk) => (text += chunk))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          },
        )
        req.on('error', reject)
        req.write(body.slice(0, 5))
        setTimeout(() => req.end(body.slice(5)), 300)
      })
      await new Promise((r) => setTimeout(r, 100))
      const stopped = server.stop()
      const finished = await response
      expect(finished.status).toBe(404)
      expect(JSON.parse(finished.text).error.code).toBe('NOT_FOUND')
      await stopped
      await expect(fetch(`http://127.0.0.1:${server.port}/health`)).rejects.toThrow()
    },
  )
})
