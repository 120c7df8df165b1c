import type { Species } from '../../contracts/species.ts'
// Pure: Home Assistant MQTT discovery (home-assistant.io docs "MQTT Discovery", "MQTT Event"): a retained
// config on `<prefix>/<component>/<node_id>/<object_id>/config` creates the entity; its state topic
// carries `{"event_type": …, …attributes}`; an availability topic (our last will says "offline") greys
// it out while the agent is down. One `event` entity per camera: "Lost pet may have passed <camera>".
// What it tells: the pet's name and species and when the camera saw it. Never the pet owner, never a
// place: Home Assistant is the camera owner's, and the camera is theirs, so its name is no leak.

export const EVENT_TYPE = 'lost_pet_sighted'

export interface HaNames {
  readonly discoveryPrefix: string
  readonly nodeId: string
}

/** Discovery ids allow `[a-zA-Z0-9_-]`; camera names (Frigate's, a folder) may hold anything. */
export const objectIdOf = (camera: string) =>
  `lost_pet_${
    camera
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'camera'
  }`

export const isValidNodeId = (id: string) => /^[a-zA-Z0-9_-]{1,64}$/.test(id)

export const availabilityTopic = ({ nodeId }: HaNames) => `homeward/${nodeId}/availability`
export const stateTopic = ({ nodeId }: HaNames, camera: string) => `homeward/${nodeId}/${objectIdOf(camera)}/event`
export const configTopic = (names: HaNames, camera: string) =>
  `${names.discoveryPrefix}/event/${names.nodeId}/${objectIdOf(camera)}/config`
/** Home Assistant's birth message: on "online" every retained config is sent again. */
export const haStatusTopic = ({ discoveryPrefix }: HaNames) => `${discoveryPrefix}/status`

export function discoveryConfig(names: HaNames, camera: string) {
  return {
    name: `Lost pet may have passed ${camera}`,
    unique_id: `${names.nodeId}_${objectIdOf(camera)}`,
    state_topic: stateTopic(names, camera),
    event_types: [EVENT_TYPE],
    icon: 'mdi:paw',
    availability_topic: availabilityTopic(names),
    payload_available: 'online',
    payload_not_available: 'offline',
    device: {
      identifiers: [names.nodeId],
      name: 'Homeward camera agent',
      manufacturer: 'Homeward',
      model: 'homeward-agent',
    },
  }
}

/** A pending alert as the server lists it to this camera's agent (no pet owner, no place in it). */
export interface AlertFacts {
  readonly id: string
  readonly pet: { readonly name: string; readonly species: Species }
  readonly sightings: readonly { readonly capturedAt: string; readonly snapshotRef: string }[]
}

export interface Announcement {
  readonly camera: string
  /** `<alert>|<camera>`: one announcement per alert and camera, again only for a later sighting. */
  readonly key: string
  readonly sightedAt: string
  readonly payload: { event_type: string; pet_name: string; species: Species; sighted_at: string; alert_id: string }
}

/**
 * The alerts' sightings not yet told to Home Assistant: per alert and camera, the latest sighting, if
 * later than the last one told. `cameraOf` names the camera a snapshot came from (undefined once the
 * snapshot has expired here).
 */
export function announcementsOf(
  alerts: readonly AlertFacts[],
  cameraOf: (snapshotRef: string) => string | undefined,
  told: ReadonlyMap<string, string>,
): Announcement[] {
  const latest = new Map<string, Announcement>()
  for (const alert of alerts) {
    for (const s of alert.sightings) {
      const camera = cameraOf(s.snapshotRef) ?? 'your camera'
      const key = `${alert.id}|${camera}`
      const sightedAt = new Date(s.capturedAt).toISOString()
      if ((told.get(key) ?? '') >= sightedAt) continue
      const current = latest.get(key)
      if (current && current.sightedAt >= sightedAt) continue
      latest.set(key, {
        camera,
        key,
        sightedAt,
        // Only the pet's name: it is how the owner would shout for it, and the alert already says it.
        payload: {
          event_type: EVENT_TYPE,
          pet_name: alert.pet.name.slice(0, 100),
          species: alert.pet.species,
          sighted_at: sightedAt,
          alert_id: alert.id,
        },
      })
    }
  }
  return [...latest.values()].sort((a, b) => a.sightedAt.localeCompare(b.sightedAt))
}

/** The camera label for a frame source: Frigate's camera name; a folder's or URL's last part. */
export function cameraLabelOf(source: string): string {
  const [kind, ...rest] = source.split(':')
  const value = rest.join(':')
  if (kind === 'frigate') return value
  const last = value.split(/[\\/]/).filter(Boolean).pop()
  return last || kind || source
}
