// What a process manager does: run `npm start`, send the npm process SIGTERM (systemd, Docker) or SIGINT
// (Ctrl-C), and start it again. npm stands between the supervisor and the server, so the signal must
// reach the server through it, the server must drain and exit, and nothing may keep the port.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { testDatabases } from '../support/databases.ts'
import {
  alive,
  descendants,
  freePort,
  killGroup,
  portInUse,
  spawnServer,
  type ServerProcess,
} from '../support/server-process.ts'
import { until } from '../support/workers.ts'

describe.each(testDatabases())('npm start under a process manager ($name)', (target) => {
  const started: ServerProcess[] = []
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const s of started) killGroup(s.child)
    for (const cleanup of cleanups) await cleanup()
  })

  it(
    'SIGTERM and SIGINT to the npm process drain the server and free its port for the next start',
    { timeout: 240_000 },
    async () => {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-npm-start-'))
      cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }))
      const env: Record<string, string> = { DATA_DIR: dataDir }
      if (target.name === 'postgres') {
        const database = await target.open()
        await database.close() // the server opens its own; the database stays until dispose
        cleanups.push(database.dispose)
        env.DATABASE_URL = database.url!
      }
      const port = await freePort()

      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const server = await spawnServer('npm', ['start', '--silent'], env, port)
        started.push(server)
        const npmPid = server.child.pid!
        const tree = await descendants(npmPid)
        expect(tree.length).toBeGreaterThan(0) // npm runs the server as a child
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)

        process.kill(npmPid, signal)
        const { code } = await server.exited
        expect(code).toBe(0)
        // The server heard the signal itself and drained; it did not die with npm or get orphaned.
        const logged = server.output.map((line) => (line.startsWith('{') ? JSON.parse(line).msg : line))
        expect(logged).toEqual(expect.arrayContaining(['shutting down: finishing in-flight requests', 'stopped']))
        await until(async () => tree.every((pid) => !alive(pid)), 'the whole process tree to exit', 10_000)
        expect(await portInUse(port)).toBe(false)
      }
    },
  )
})
