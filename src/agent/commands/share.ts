import type { Logger } from 'pino'
import sharp from 'sharp'
import { AgentError } from '../agent.ts'
import type { FrameAnalyzer } from '../analyzer.ts'
import type { AgentPaths } from '../device.ts'
import type { DeviceAlert, ServerClient } from '../server-client.ts'
import { sealToShareKey, isShareSuite } from '../share/seal.ts'
import { shareImage } from '../share/share-image.ts'
import { chooseSighting, type SightingChoice } from '../share/share.rules.ts'
import {
  explainRevoked,
  type Flags,
  loadAnalyzer,
  openLocalSnapshots,
  pairedClient,
  str,
  UsageError,
} from './shared.ts'

/**
 * The owner's explicit decision to share one snapshot of an alert: cropped to the pet, people painted
 * over, no metadata, sealed to the pet owner's key. Nothing else in the agent ever sends image bytes.
 */
export async function shareCommand(
  paths: AgentPaths,
  alertId: string | undefined,
  flags: Flags,
  logger: Logger,
  deps: { analyzer?: FrameAnalyzer } = {},
) {
  if (!alertId)
    throw new UsageError('usage: homeward-agent share <alertId> [--snapshot REF] [--accept-key FINGERPRINT]')
  const client = await pairedClient(paths)
  const alert = (await client.listAlerts().catch(explainRevoked)).alerts.find((a) => a.id === alertId)
  if (!alert) {
    throw new AgentError(
      'NO_SUCH_ALERT',
      `No pending alert ${alertId} for this camera (unknown, or already shared, dismissed or expired). List them with: homeward-agent alerts`,
    )
  }
  return shareAlert(
    { paths, client, logger, analyzer: deps.analyzer ?? (() => loadAnalyzer(logger)) },
    alert,
    str(flags, 'snapshot'),
    str(flags, 'accept-key'),
  )
}

export interface ShareAlertDeps {
  readonly paths: AgentPaths
  readonly client: ServerClient
  readonly logger: Logger
  /** Loaded only once there is a snapshot to crop: the vision models take seconds. */
  readonly analyzer: FrameAnalyzer | (() => Promise<FrameAnalyzer>)
}

/** Seals and uploads one snapshot of a pending alert; shared by `share` and the run loop's share requests. */
export async function shareAlert(
  deps: ShareAlertDeps,
  alert: DeviceAlert,
  requestedRef?: string,
  acceptedKey?: string,
): Promise<string> {
  const { paths, client, logger } = deps
  const pet = `${alert.pet.name} (${alert.pet.species})`
  if (!alert.shareKey) {
    throw new AgentError(
      'NO_SHARE_KEY',
      `${pet}’s owner has not enabled encrypted sharing yet, so there is no key to seal a snapshot to. Nothing was sent; try again once they have.`,
    )
  }
  if (!isShareSuite(alert.shareKey.suite)) {
    throw new AgentError(
      'NO_SHARE_KEY',
      `The server asks for an encryption suite this agent does not have (${JSON.stringify(alert.shareKey.suite)}); update the agent. Nothing was sent.`,
    )
  }
  const { fingerprint } = alert.shareKey
  // A key swapped after the alert could send the snapshot to someone else: the owner confirms it first.
  if (alert.shareKey.changedSinceAlert && acceptedKey !== fingerprint) {
    throw new AgentError(
      'SHARE_KEY_CHANGED',
      `${pet}’s owner changed their sharing key after this alert was raised; its fingerprint is now ${fingerprint}. Nothing was sent. If you trust it, run: homeward-agent share ${alert.id} --accept-key ${fingerprint}`,
    )
  }

  const local = await openLocalSnapshots(paths)
  let snapshot: Buffer | undefined
  let choice: SightingChoice
  try {
    choice = chooseSighting(alert.sightings, (ref) => local.store.holds(ref), requestedRef)
    if (choice.kind === 'not-in-alert') {
      throw new AgentError(
        'NOT_IN_ALERT',
        `${choice.requested} is not a snapshot of alert ${alert.id}; its snapshots: ${alert.sightings.map((s) => s.snapshotRef).join(', ')}`,
      )
    }
    if (choice.kind === 'chosen') snapshot = await local.store.read(choice.sighting.snapshotRef)
  } finally {
    local.close()
  }
  if (choice.kind !== 'chosen' || !snapshot) {
    throw new AgentError(
      'SNAPSHOT_GONE',
      `The snapshot${choice.kind === 'not-held' && choice.refs.length > 1 ? 's' : ''} of this alert ${choice.kind === 'not-held' ? `(${choice.refs.join(', ')}) are` : 'is'} no longer held on this device: deleted after the local retention (--retention-days, default 7). Nothing to share.`,
    )
  }
  const { sighting } = choice

  const analyzer = typeof deps.analyzer === 'function' ? await deps.analyzer() : deps.analyzer
  const image = await shareImage(analyzer, snapshot, alert.pet.species)
  if (image.kind === 'no-pet') {
    throw new AgentError(
      'NO_PET',
      `No dog or cat found in snapshot ${sighting.snapshotRef}, so there is nothing to crop to; nothing was sent. Try another with --snapshot REF (see homeward-agent alerts).`,
    )
  }
  const sealed = await sealToShareKey(alert.shareKey.publicKey, image.jpeg)
  const shared = await client
    .shareSnapshot(alert.id, {
      snapshotRef: sighting.snapshotRef,
      ...sealed,
      ...(fingerprint && { keyFingerprint: fingerprint }),
    })
    .catch(explainRevoked)
  const { width, height } = await sharp(image.jpeg).metadata()
  logger.info(
    {
      alertId: alert.id,
      snapshotRef: sighting.snapshotRef,
      shareId: shared.id,
      bytes: shared.bytes,
      peoplePainted: image.peoplePainted,
    },
    'snapshot shared',
  )
  return [
    `Shared snapshot ${sighting.snapshotRef} (captured ${sighting.capturedAt}) with ${pet}’s owner: share ${shared.id}.`,
    `Sent a ${width}×${height} crop of the ${image.species}, no metadata${image.peoplePainted ? `, ${image.peoplePainted} person region(s) painted over` : ''}, sealed to their key (${shared.bytes} bytes; only their device can open it).`,
  ].join('\n')
}
