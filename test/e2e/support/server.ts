import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../../src/config.ts'
import { createLogger } from '../../../src/logger.ts'
import { startServer, type RunningServer } from '../../../src/server.ts'

export interface E2eServer {
  readonly url: string
  readonly dataDir: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** The real server, as `npm start` runs it: embedded PGlite in a temporary data folder, bundled model, web app. */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-e2e-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    // Tiles cannot load on an offline machine; the pages must work without them.
    MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
    SHUTDOWN_GRACE_MS: '1000',
    ...env,
  })
  const server: RunningServer = await startServer(config, createLogger(config.logLevel))
  return {
    url,
    dataDir,
    async stop() {
      await server.stop()
      await fs.rm(dataDir, { recursive: true, force: true })
    },
  }
}
