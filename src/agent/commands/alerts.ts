import type { AgentPaths } from '../device.ts'
import type { DeviceAlert } from '../server-client.ts'
import { explainRevoked, openLocalSnapshots, pairedClient } from './shared.ts'

export interface AlertView {
  readonly id: string
  readonly pet: DeviceAlert['pet']
  readonly createdAt: string
  readonly shareKey: boolean
  /** The pet owner's key fingerprint, to compare with what they see; `keyChanged`: replaced after the alert. */
  readonly keyFingerprint: string | undefined
  readonly keyChanged: boolean
  /** The owner pressed share on the web; `run` shares it on its next poll. */
  readonly shareRequested: boolean
  /** Most similar first; `held`: the snapshot is still on this device (false once its retention passed). */
  readonly sightings: readonly (DeviceAlert['sightings'][number] & { readonly held: boolean })[]
}

/** This camera's pending alerts, and for each sighting whether its snapshot could still be shared. */
export async function listAlerts(paths: AgentPaths): Promise<AlertView[]> {
  const client = await pairedClient(paths)
  const { alerts } = await client.listAlerts().catch(explainRevoked)
  const local = await openLocalSnapshots(paths)
  try {
    return alerts.map((a) => ({
      id: a.id,
      pet: a.pet,
      createdAt: a.createdAt,
      shareKey: a.shareKey !== null,
      keyFingerprint: a.shareKey?.fingerprint,
      keyChanged: a.shareKey?.changedSinceAlert ?? false,
      shareRequested: a.shareRequested ?? false,
      sightings: [...a.sightings]
        .sort((x, y) => y.similarity - x.similarity)
        .map((s) => ({ ...s, held: local.store.holds(s.snapshotRef) })),
    }))
  } finally {
    local.close()
  }
}

export function formatAlerts(alerts: readonly AlertView[]): string {
  if (!alerts.length) return 'No pending alerts for this camera.'
  return alerts
    .map((a) =>
      [
        `${a.id}  ${a.pet.name} (${a.pet.species}), alerted ${a.createdAt}`,
        `  sharing: ${a.shareKey ? `ready: homeward-agent share ${a.id}` : 'not possible yet: the pet owner has not enabled encrypted sharing'}`,
        ...(a.keyFingerprint
          ? [
              `  pet owner's key: ${a.keyFingerprint}${a.keyChanged ? ' (CHANGED after this alert: share only with --accept-key if you trust it)' : ''}`,
            ]
          : []),
        ...(a.shareRequested
          ? ['  requested on the web: a running agent (homeward-agent run) shares it on its next poll']
          : []),
        ...a.sightings.map(
          (s) =>
            `  ${s.snapshotRef}  captured ${s.capturedAt}  similarity ${s.similarity.toFixed(3)}  ${s.held ? 'snapshot held here' : 'snapshot no longer held (expired)'}`,
        ),
      ].join('\n'),
    )
    .join('\n\n')
}
