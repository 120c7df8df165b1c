// PostgreSQL restarting under a running server (an upgrade, a failover, a crash): the server must come
// back by itself. Runs on a cluster of its own (restarting the shared one would break every other
// test), so it needs Debian's pg_ctlcluster and root, as CI has.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { latLngToCell } from 'h3-js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../../models/registry.ts'
import { hashSecret, newDeviceToken } from '../../src/cameras/camera.rules.ts'
import { COARSE_CELL_RESOLUTION } from '../../src/geo/cells.ts'
import {
  canManageClusters,
  clusterExists,
  dropCluster,
  ensureCluster,
  restartCluster,
  type Cluster,
} from '../../bench/load-cluster.ts'
import { freePort, killGroup, nodeServer, type ServerProcess } from '../support/server-process.ts'

const cluster: Cluster = {
  version: '15',
  name: 'homeward_restart',
  port: Number(process.env.TEST_RESTART_CLUSTER_PORT ?? 5436),
}
const runnable = canManageClusters(cluster.version)
if (!runnable) console.info('PostgreSQL restart test skipped: it needs pg_ctlcluster 15 and root')

describe.skipIf(!runnable)('the server when PostgreSQL restarts under it', () => {
  let created = false
  let server: ServerProcess | undefined
  let dataDir: string | undefined

  beforeAll(async () => {
    created = !clusterExists(cluster)
    ensureCluster(cluster)
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${cluster.port}/postgres` })
    await admin.connect()
    await admin.query('drop database if exists homeward_restart with (force)')
    await admin.query('create database homeward_restart')
    await admin.end()
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-restart-'))
  }, 120_000)
  afterAll(async () => {
    if (server) killGroup(server.child)
    if (created) dropCluster(cluster)
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('is ready again within seconds and serves reads and writes', { timeout: 180_000 }, async () => {
    const url = `postgres://postgres@127.0.0.1:${cluster.port}/homeward_restart`
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    server = await nodeServer(
      {
        DATABASE_URL: url,
        DATA_DIR: dataDir!,
        AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
        PUBLIC_URL: base,
      },
      port,
    )
    const ready = () =>
      fetch(`${base}/ready`, { signal: AbortSignal.timeout(15_000) }).then(
        (r) => r.status,
        () => 0,
      )
    // Cameras straight into the tables (their pairing is tested elsewhere); their sightings are the writes.
    const sql = new pg.Client({ connectionString: url })
    await sql.connect()
    const tokens: string[] = []
    for (let i = 0; i < 6; i++) {
      await sql.query(`insert into users (id, name, email) values ($1, $1, $2)`, [
        `restart-owner-${i}`,
        `owner${i}@restart.invalid`,
      ])
      const expires = new Date(Date.now() + 86_400_000)
      const { rows } = await sql.query<{ id: string }>(
        `insert into cameras (owner_id, name, cell, consent_version, consent_given_at, consent_expires_at) values ($1, 'cam', $2, '1', now(), $3) returning id`,
        [`restart-owner-${i}`, latLngToCell(51.46, -0.11, COARSE_CELL_RESOLUTION), expires],
      )
      const token = newDeviceToken()
      await sql.query(`insert into device_tokens (camera_id, token_hash) values ($1, $2)`, [
        rows[0]!.id,
        await hashSecret(token),
      ])
      tokens.push(token)
    }
    await sql.end()
    const embedding = JSON.stringify(
      Array.from({ length: findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!.dimension }, (_, i) => (i === 0 ? 1 : 0)),
    )
    let sent = 0
    const ingest = (device: number) =>
      fetch(`${base}/api/sightings/batch`, {
        method: 'POST',
        signal: AbortSignal.timeout(15_000),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[device]}` },
        body: JSON.stringify({
          sightings: Array.from({ length: 5 }, () => ({
            clientId: `s${++sent}`,
            snapshotRef: `snap-${sent}`,
            capturedAt: new Date().toISOString(),
            score: 0.8,
            modelId: DEFAULT_EMBEDDING_MODEL_ID,
            species: 'cat',
            embedding: JSON.parse(embedding) as number[],
          })),
        }),
      }).then(
        (r) => r.status,
        () => 0,
      )
    expect(await ready()).toBe(200)
    expect(await ingest(0)).toBeLessThan(300)

    // Queries in flight on every pooled connection as PostgreSQL goes down, a few times over (the moment
    // a connection closes relative to its writes varies): the case that left postgres.js's connections
    // unable to send anything again.
    for (let restart = 1; restart <= 3; restart++) {
      let loading = true
      const load = Array.from({ length: 16 }, async (_, i) => {
        while (loading) await (i < tokens.length ? ingest(i) : ready())
      })
      await sleep(700)
      restartCluster(cluster)
      let backAfterMs: number | undefined
      const restartedAt = performance.now()
      while (performance.now() - restartedAt < 60_000) {
        if ((await ready()) === 200) {
          backAfterMs = performance.now() - restartedAt
          break
        }
        await sleep(200)
      }
      loading = false
      await Promise.all(load)
      expect(
        backAfterMs,
        `restart ${restart}: still not ready a minute later:\n${server.output.slice(-20).join('\n')}`,
      ).toBeDefined()
      console.info(`restart ${restart}: ready again ${Math.round(backAfterMs!)} ms after it`)

      // Every connection the pool holds works: more requests at once than it has connections (a request
      // that hangs 15 s counts as status 0).
      const statuses = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i < tokens.length ? ingest(i) : ready())),
      )
      expect(
        statuses.map((s) => (s >= 200 && s < 300 ? 'ok' : s)),
        `after restart ${restart}`,
      ).toEqual(Array(30).fill('ok'))
    }
    expect(server.child.exitCode).toBeNull() // and nothing a restart threw ended the process
  })
})
