import { connectAsync, type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import type { FrameSource } from './source.ts'

export interface FrigateOptions {
  /** e.g. mqtt://127.0.0.1:1883 (credentials in the URL are passed to the broker). */
  readonly mqttUrl: string
  /** Frigate's HTTP API, e.g. http://127.0.0.1:5000 */
  readonly httpUrl: string
  readonly topicPrefix?: string
  /** Only these Frigate cameras (default: all). */
  readonly cameras?: readonly string[]
}

interface FrigateEvent {
  readonly type?: string
  readonly after?: { id?: string; label?: string; camera?: string; start_time?: number; has_snapshot?: boolean; false_positive?: boolean }
}

export interface SnapshotRequest {
  readonly eventId: string
  readonly camera: string
  readonly capturedAt: Date
}

/** Pure: which `frigate/events` messages name a dog or cat event whose snapshot is worth fetching. */
export function snapshotRequestOf(message: string, cameras?: readonly string[]): SnapshotRequest | undefined {
  let event: FrigateEvent
  try {
    event = JSON.parse(message) as FrigateEvent
  } catch {
    return undefined
  }
  const after = event.after
  if (!after?.id || !/^[A-Za-z0-9._-]{1,100}$/.test(after.id)) return undefined
  if (after.label !== 'dog' && after.label !== 'cat') return undefined
  if (after.false_positive) return undefined
  if (event.type !== 'new' && !(event.type === 'update' && after.has_snapshot)) return undefined
  if (cameras?.length && !cameras.includes(after.camera ?? '')) return undefined
  const start = typeof after.start_time === 'number' ? new Date(after.start_time * 1000) : new Date()
  return { eventId: after.id, camera: after.camera ?? 'frigate', capturedAt: start }
}

/**
 * Frigate NVR: listens to its MQTT events and, for each new dog or cat event, fetches the event
 * snapshot once from Frigate's own HTTP API on the local network.
 */
export function frigateSource(options: FrigateOptions, logger: Logger): FrameSource {
  const topic = `${options.topicPrefix ?? 'frigate'}/events`
  const http = options.httpUrl.replace(/\/+$/, '')
  // Event ids already fetched (bounded): an event announces itself again on every update.
  const fetched = new Set<string>()
  let client: MqttClient | undefined

  async function fetchSnapshot(request: SnapshotRequest) {
    const res = await fetch(`${http}/api/events/${encodeURIComponent(request.eventId)}/snapshot.jpg`, {
      signal: AbortSignal.timeout(10_000),
    })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return Buffer.from(await res.arrayBuffer())
  }

  return {
    name: `frigate:${http}`,
    async start(onFrame) {
      client = await connectAsync(options.mqttUrl, { reconnectPeriod: 5_000, clientId: `homeward-agent-${process.pid}-${Date.now()}` })
      client.on('error', (err) => logger.warn({ err: err.message }, 'frigate: MQTT error'))
      client.on('reconnect', () => logger.info('frigate: reconnecting to MQTT'))
      client.on('message', (_topic, payload) => {
        const request = snapshotRequestOf(payload.toString('utf8'), options.cameras)
        if (!request || fetched.has(request.eventId)) return
        fetched.add(request.eventId)
        if (fetched.size > 5_000) fetched.delete(fetched.values().next().value!)
        fetchSnapshot(request).then(
          (bytes) => onFrame({ source: `frigate:${request.camera}`, bytes, capturedAt: request.capturedAt, label: request.eventId }),
          (err: Error) => {
            fetched.delete(request.eventId) // a later update of the same event may succeed
            logger.warn({ event: request.eventId, err: err.message }, 'frigate: could not fetch the event snapshot')
          },
        )
      })
      await client.subscribeAsync(topic, { qos: 1 })
      logger.info({ topic, http }, 'listening to Frigate events')
    },
    async stop() {
      await client?.endAsync()
    },
  }
}
