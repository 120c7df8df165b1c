import type { MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import sharp from 'sharp'
import type { Species } from '../../contracts/species.ts'
import {
  type BestSnapshotPolicy,
  decide,
  DEFAULT_POLICY,
  type EventState,
  fetched,
  nextWakeAt,
  observe,
  startEvent,
} from './best-snapshot.rules.ts'
import { frigateApi, type FrigateApi } from './frigate-api.ts'
import {
  admitEvent,
  DEFAULT_FILTER,
  type FrigateFilter,
  frigateAvailability,
  parseEventMessage,
  reviewDetections,
  type SnapshotInfo,
  snapshotOf,
  trackedObjectUpdateOf,
} from './frigate-events.rules.ts'
import { redactMqttUrl, startMqtt } from './mqtt-connection.ts'
import type { FrameSink, FrameSource } from './source.ts'

export interface FrigateOptions {
  /** e.g. mqtt://127.0.0.1:1883 (credentials in the URL are passed to the broker). */
  readonly mqttUrl: string
  /** Frigate's HTTP API: http://127.0.0.1:5000, or https://user@host:8971 with `password`. */
  readonly httpUrl: string
  readonly password?: string
  /** Frigate's mqtt.topic_prefix (default frigate). */
  readonly topicPrefix?: string
  readonly filter?: Partial<FrigateFilter>
  readonly policy?: Partial<BestSnapshotPolicy>
}

/** Ids of events already sent or refused, so late updates do not reopen them (bounded). */
const FORGET_AFTER = 5_000
/** Open events at once; more is a flood (a misbehaving publisher on the broker), not animals. */
const MAX_OPEN_EVENTS = 200

/**
 * Frigate NVR: follows `<prefix>/events` and, for each admitted dog or cat, fetches the event's best
 * snapshot from Frigate's own HTTP API on the local network (a few times at most), then ends the event
 * so the agent sends one sighting from the best view. `<prefix>/available` says when Frigate is gone.
 */
export function frigateSource(options: FrigateOptions, logger: Logger): FrameSource {
  const prefix = (options.topicPrefix ?? 'frigate').replace(/\/+$/, '')
  const filter: FrigateFilter = { ...DEFAULT_FILTER, ...options.filter }
  const policy: BestSnapshotPolicy = { ...DEFAULT_POLICY, ...options.policy }
  const api: FrigateApi = frigateApi({
    url: options.httpUrl,
    ...(options.password !== undefined && { password: options.password }),
  })
  const events = new Map<string, EventState>()
  const inFlight = new Set<string>()
  const closed = new Set<string>()
  const counts: Record<string, number> = {}
  const bump = (name: string) => (counts[name] = (counts[name] ?? 0) + 1)
  let client: MqttClient | undefined
  let timer: NodeJS.Timeout | undefined
  let frigateOnline: boolean | undefined
  let sink: { onFrame: FrameSink; onEventEnd: (id: string) => void } | undefined
  let lastMalformedLog = 0

  const close = (id: string) => {
    closed.add(id)
    if (closed.size > FORGET_AFTER) closed.delete(closed.values().next().value!)
  }

  function settle(state: EventState) {
    events.delete(state.id)
    close(state.id)
    sink?.onEventEnd(state.id)
  }

  async function fetchView(state: EventState, snapshot: SnapshotInfo) {
    inFlight.add(state.id)
    bump('snapshots.fetched')
    try {
      const bytes = await api.eventSnapshot(state.id)
      // Frigate's box in that very frame (0.14+); older versions name none, and the species decides.
      const box = snapshot.box
      const size = await frameSize(bytes)
      sink?.onFrame({
        source: `frigate:${state.camera}`,
        bytes,
        label: state.id,
        // Frigate's snapshot frame time: when the animal looked like this.
        capturedAt: new Date((snapshot.frameTime || state.startTime) * 1000),
        event: { id: state.id, species: state.species, ...(box && size && { box: normalise(box, size) }) },
      })
    } catch (err) {
      bump('snapshots.failed')
      logger.warn(
        { event: state.id, camera: state.camera, err: (err as Error).message },
        'frigate: could not fetch the event snapshot',
      )
    } finally {
      inFlight.delete(state.id)
      const now = events.get(state.id)
      if (now) events.set(state.id, fetched(now, snapshot))
      step(state.id)
    }
  }

  function step(id: string) {
    const state = events.get(id)
    if (!state || inFlight.has(id)) return
    const action = decide(state, policy, Date.now())
    if (action?.kind === 'fetch') void fetchView(state, action.snapshot)
    else if (action?.kind === 'settle') settle(state)
    schedule()
  }

  function schedule() {
    clearTimeout(timer)
    const wakes = [...events.values()].map((e) => nextWakeAt(e, policy)).filter((t): t is number => t !== undefined)
    if (!wakes.length) return
    timer = setTimeout(
      () => {
        for (const id of [...events.keys()]) step(id)
      },
      Math.max(10, Math.min(...wakes) - Date.now()),
    )
    timer.unref()
  }

  function onEvent(payload: string) {
    const parsed = parseEventMessage(payload)
    if (!parsed.ok) {
      bump('messages.malformed')
      // One line a minute at most: a misbehaving publisher must not flood the log.
      if (Date.now() - lastMalformedLog > 60_000) {
        logger.warn(
          { topic: `${prefix}/events`, reason: parsed.reason, malformedSoFar: counts['messages.malformed'] },
          'frigate: ignored a malformed event message',
        )
        lastMalformedLog = Date.now()
      }
      return
    }
    const { type, after } = parsed.event
    if (closed.has(after.id)) return
    const admission = admitEvent(after, filter)
    if (!admission.admit) {
      // A zone or score may still come; a label, camera or false-positive verdict is final at the end.
      if (type === 'end' || admission.reason === 'label' || admission.reason === 'camera') {
        if (!events.has(after.id)) close(after.id)
      }
      if (!events.has(after.id)) {
        if (type === 'new') bump(`skipped.${admission.reason}`)
        return
      }
    }
    const now = Date.now()
    const existing = events.get(after.id)
    if (!existing && events.size >= MAX_OPEN_EVENTS) {
      bump('skipped.too-many-open')
      return
    }
    if (!existing) bump('events.admitted')
    const state =
      existing ??
      startEvent(
        {
          id: after.id,
          camera: after.camera,
          species: admission.admit ? admission.species : (after.label as Species),
          startTime: after.start_time,
        },
        now,
      )
    events.set(
      after.id,
      observe(state, snapshotOf(after), { ended: type === 'end', hasSnapshot: after.has_snapshot ?? false }, now),
    )
    step(after.id)
  }

  return {
    name: `frigate:${api.shown}`,
    async start(onFrame, onEventEnd) {
      sink = { onFrame, onEventEnd: onEventEnd ?? (() => {}) }
      const topics = [`${prefix}/events`, `${prefix}/available`, `${prefix}/reviews`, `${prefix}/tracked_object_update`]
      client = await startMqtt(
        options.mqttUrl,
        { clientId: `homeward-agent-frigate-${process.pid}`, topics, what: 'Frigate events' },
        logger,
      )
      client.on('message', (topic, payload) => {
        const text = payload.toString('utf8')
        if (topic === `${prefix}/events`) return onEvent(text)
        if (topic === `${prefix}/available`) {
          const state = frigateAvailability(text)
          if (state && (state === 'online') !== frigateOnline)
            logger[state === 'online' ? 'info' : 'warn']({ prefix }, `frigate: Frigate is ${state}`)
          frigateOnline = state ? state === 'online' : frigateOnline
          // Its events will never end now: send what each has, rather than hold them to the limit.
          if (state === 'offline') for (const e of [...events.values()]) if (!inFlight.has(e.id)) settle(e)
          return
        }
        if (topic === `${prefix}/reviews`) {
          const review = reviewDetections(text)
          if (review)
            logger.debug(
              { camera: review.camera, type: review.type, detections: review.detections.length },
              'frigate: review item',
            )
          return
        }
        const update = trackedObjectUpdateOf(text)
        if (update && events.has(update.id))
          logger.debug({ event: update.id, type: update.type }, 'frigate: tracked object metadata')
      })
      logger.info(
        { mqtt: redactMqttUrl(options.mqttUrl), prefix, http: api.shown, filter, policy },
        'listening to Frigate events',
      )
    },
    async stop() {
      clearTimeout(timer)
      for (const e of [...events.values()]) settle(e)
      await client?.endAsync()
    },
    describe: () => ({
      mqtt: redactMqttUrl(options.mqttUrl),
      http: api.shown,
      login: api.authenticated,
      topicPrefix: prefix,
      cameras: filter.cameras.length ? filter.cameras : 'all',
      zones: filter.zones.length ? filter.zones : 'any',
      labels: filter.labels,
      minScore: filter.minScore,
      skipFalsePositives: filter.skipFalsePositives,
      maxSnapshotsPerEvent: policy.maxFetches,
      frigate: frigateOnline === undefined ? 'unknown' : frigateOnline ? 'online' : 'offline',
      openEvents: events.size,
      counts: { ...counts },
    }),
  }
}

type Size = { width: number; height: number }

/** JPEG/PNG dimensions, so Frigate's pixel box can be matched against the detector's fractions. */
async function frameSize(bytes: Buffer): Promise<Size | undefined> {
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => undefined)
  return meta?.width && meta.height ? { width: meta.width, height: meta.height } : undefined
}

function normalise([x1, y1, x2, y2]: readonly [number, number, number, number], { width, height }: Size) {
  return { x: x1 / width, y: y1 / height, width: (x2 - x1) / width, height: (y2 - y1) / height }
}
