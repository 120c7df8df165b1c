import { existsSync } from 'node:fs'
import { type AgentPaths, loadDevice, loadToken } from '../device.ts'
import { createServerClient, type DeviceCamera } from '../server-client.ts'
import { openAgentDb, readCounters, readState } from '../store/db.ts'
import { countOutbox, countRejected } from '../store/outbox.ts'

export interface AgentStatus {
  readonly dataDir: string
  readonly paired: boolean
  readonly server?: string
  readonly cameraId?: string
  readonly revoked?: unknown
  readonly queued: Record<string, number>
  readonly rejected: number
  readonly snapshotsKept: number
  readonly privateSightingsKept: number
  readonly counters: Record<string, number>
  readonly serverView?: DeviceCamera | { error: string }
  /** What `run` listens to (Frigate filters, Home Assistant), as the running or last run wrote it. */
  readonly run?: RunState
}

export interface RunState {
  readonly running: boolean
  readonly pid: number
  readonly at: string
  readonly sources: readonly ({ name: string } & Record<string, unknown>)[]
  readonly homeAssistant?: Record<string, unknown>
}

/** What the agent holds and whether the server still accepts it; never prints the token. */
export async function readStatus(paths: AgentPaths, { online = true } = {}): Promise<AgentStatus> {
  const device = await loadDevice(paths)
  const token = await loadToken(paths)
  const base = {
    dataDir: paths.dir,
    paired: Boolean(device && token),
    server: device?.server,
    cameraId: device?.cameraId,
  }
  if (!existsSync(paths.database))
    return { ...base, queued: {}, rejected: 0, snapshotsKept: 0, privateSightingsKept: 0, counters: {} }
  const db = openAgentDb(paths.database)
  const count = (table: string) => Number((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n)
  const revoked = readState(db, 'revoked')
  const run = readState(db, 'run')
  const status: AgentStatus = {
    ...base,
    ...(revoked && { revoked: JSON.parse(revoked) as unknown }),
    queued: countOutbox(db),
    rejected: countRejected(db),
    snapshotsKept: count('snapshots'),
    privateSightingsKept: count('local_sightings'),
    counters: readCounters(db),
    ...(run && { run: stillRunning(JSON.parse(run) as RunState) }),
  }
  db.close()
  if (!online || !device || !token) return status
  const serverView = await createServerClient(device.server, token, 10_000)
    .me()
    .catch((err: Error) => ({ error: err.message }))
  return { ...status, serverView }
}

export function formatStatus(s: AgentStatus): string {
  const lines = [
    `data dir:        ${s.dataDir}`,
    `paired:          ${s.paired ? `yes, camera ${s.cameraId} on ${s.server}` : s.cameraId ? 'no (token refused: pair again)' : 'no'}`,
  ]
  if (s.revoked) lines.push(`REVOKED:         ${JSON.stringify(s.revoked)} (queue deleted, nothing is sent)`)
  lines.push(
    `queued:          ${s.queued.sighting ?? 0} sightings, ${s.queued['private-match'] ?? 0} private match reports`,
    `refused:         ${s.rejected}`,
    `kept on device:  ${s.snapshotsKept} encrypted snapshots, ${s.privateSightingsKept} private-mode sightings`,
    `counters:        ${
      Object.entries(s.counters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '-'
    }`,
  )
  if (s.run) lines.push(...formatRun(s.run))
  if (s.serverView) {
    lines.push(
      'error' in s.serverView
        ? `server:          ${s.serverView.error}`
        : `server:          consent until ${s.serverView.consentExpiresAt}, retention ${s.serverView.retentionHours} h, models ${s.serverView.acceptedModels.map((m) => m.id).join(', ')}`,
    )
  }
  return lines.join('\n')
}

/** A run killed without a chance to say so (SIGKILL, power cut) left `running: true` behind. */
function stillRunning(run: RunState): RunState {
  if (!run.running) return run
  try {
    process.kill(run.pid, 0)
    return run
  } catch {
    return { ...run, running: false }
  }
}

const show = (v: unknown) =>
  Array.isArray(v)
    ? v.join(', ')
    : typeof v === 'object' && v !== null
      ? Object.entries(v)
          .map(([k, x]) => `${k}=${String(x)}`)
          .join(' ') || '-'
      : String(v)

function formatRun(run: RunState): string[] {
  const lines = [`run:             ${run.running ? `running (pid ${run.pid}), noted ${run.at}` : `stopped ${run.at}`}`]
  for (const source of run.sources) {
    lines.push(`  source:        ${source.name}`)
    if (!String(source.name).startsWith('frigate:')) continue
    lines.push(
      `    frigate:     mqtt ${show(source.mqtt)}, topic prefix ${show(source.topicPrefix)}, api ${show(source.http)}${source.login ? ' (logged in)' : ''}, Frigate ${show(source.frigate)}`,
      `    takes:       cameras ${show(source.cameras)}; zones ${show(source.zones)}; labels ${show(source.labels)}; min score ${show(source.minScore)}; false positives ${source.skipFalsePositives ? 'skipped' : 'taken'}`,
      `    snapshots:   best of at most ${show(source.maxSnapshotsPerEvent)} per event, one sighting each; open events ${show(source.openEvents)}`,
      `    seen:        ${show(source.counts)}`,
    )
  }
  const ha = run.homeAssistant
  lines.push(
    ha
      ? `home assistant:  on: ${show(ha.mqtt)}, discovery ${show(ha.discoveryPrefix)}/event/${show(ha.nodeId)}/…, cameras ${show(ha.cameras)}, ${show(ha.announced)} told`
      : 'home assistant:  off (--ha-mqtt to opt in)',
  )
  return lines
}
