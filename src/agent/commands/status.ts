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
}

/** What the agent holds and whether the server still accepts it; never prints the token. */
export async function readStatus(paths: AgentPaths, { online = true } = {}): Promise<AgentStatus> {
  const device = await loadDevice(paths)
  const token = await loadToken(paths)
  const base = { dataDir: paths.dir, paired: Boolean(device && token), server: device?.server, cameraId: device?.cameraId }
  if (!existsSync(paths.database)) return { ...base, queued: {}, rejected: 0, snapshotsKept: 0, privateSightingsKept: 0, counters: {} }
  const db = openAgentDb(paths.database)
  const count = (table: string) => Number((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n)
  const revoked = readState(db, 'revoked')
  const status: AgentStatus = {
    ...base,
    ...(revoked && { revoked: JSON.parse(revoked) as unknown }),
    queued: countOutbox(db),
    rejected: countRejected(db),
    snapshotsKept: count('snapshots'),
    privateSightingsKept: count('local_sightings'),
    counters: readCounters(db),
  }
  db.close()
  if (!online || !device || !token) return status
  const serverView = await createServerClient(device.server, token, 10_000).me().catch((err: Error) => ({ error: err.message }))
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
    `counters:        ${Object.entries(s.counters).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`,
  )
  if (s.serverView) {
    lines.push('error' in s.serverView
      ? `server:          ${s.serverView.error}`
      : `server:          consent until ${s.serverView.consentExpiresAt}, retention ${s.serverView.retentionHours} h, models ${s.serverView.acceptedModels.map((m) => m.id).join(', ')}`)
  }
  return lines.join('\n')
}
