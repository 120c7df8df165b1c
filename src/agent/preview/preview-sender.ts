import type { Logger } from 'pino'
import type { AgentPaths } from '../device.ts'
import { classifyFailure, type DeviceAlert, ServerError, type ServerClient } from '../server-client.ts'
import { openLocalSnapshots } from '../local-snapshots.ts'
import { isShareSuite, sealToShareKey } from '../share/seal.ts'
import { chooseSighting } from '../share/share.rules.ts'
import { previewImage } from './preview-image.ts'

export interface PreviewSender {
  /** Seals and uploads a preview for each listed alert the server asks one for; returns the alert ids sent. */
  offer(alerts: readonly DeviceAlert[]): Promise<string[]>
}

export type PreviewOutcome = 'sent' | 'no-snapshot' | 'too-large' | 'unsupported-suite'

/**
 * The camera owner's private preview: when the alert list carries their preview key, the agent seals a small
 * copy of the alert's best held snapshot to it. Only their browser can open it; the pet owner never gets it.
 * An alert whose preview cannot be made is logged once and left alone; a refused upload is tried next poll.
 */
export function createPreviewSender(deps: { paths: AgentPaths; client: ServerClient; logger: Logger }): PreviewSender {
  const settled = new Set<string>() // `${alertId}:${fingerprint}`: sent, or cannot be made

  async function previewOne(alert: DeviceAlert, key: NonNullable<DeviceAlert['previewKey']>): Promise<PreviewOutcome> {
    if (!isShareSuite(key.suite)) return 'unsupported-suite'
    const local = await openLocalSnapshots(deps.paths)
    let snapshot: Buffer | undefined
    try {
      const choice = chooseSighting(alert.sightings, (ref) => local.store.holds(ref))
      if (choice.kind === 'chosen') snapshot = await local.store.read(choice.sighting.snapshotRef)
    } finally {
      local.close()
    }
    if (!snapshot) return 'no-snapshot'
    const jpeg = await previewImage(snapshot)
    if (!jpeg) return 'too-large'
    const sealed = await sealToShareKey(key.publicKey, jpeg)
    const result = await deps.client.uploadPreview(alert.id, { ...sealed, keyFingerprint: key.fingerprint })
    deps.logger.info(
      { alertId: alert.id, bytes: result.bytes, keyFingerprint: key.fingerprint },
      'private preview sealed for the camera owner',
    )
    return 'sent'
  }

  return {
    async offer(alerts) {
      const sent: string[] = []
      for (const alert of alerts) {
        const key = alert.previewKey
        if (!key || settled.has(`${alert.id}:${key.fingerprint}`)) continue
        try {
          const outcome = await previewOne(alert, key)
          settled.add(`${alert.id}:${key.fingerprint}`)
          if (outcome === 'sent') sent.push(alert.id)
          else deps.logger.warn({ alertId: alert.id, outcome }, 'no private preview for this alert')
        } catch (err) {
          // A revocation is the share poller's to act on (it sees the same 401/403); anything else waits for the next poll.
          if (err instanceof ServerError && classifyFailure(err) === 'revoked') throw err
          if (err instanceof ServerError && classifyFailure(err) === 'rejected' && err.status !== 409)
            settled.add(`${alert.id}:${key.fingerprint}`)
          deps.logger.warn(
            { alertId: alert.id, err: (err as Error).message },
            'private preview not sent; will retry on the next poll',
          )
        }
      }
      return sent
    },
  }
}
