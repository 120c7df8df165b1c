import fs from 'node:fs/promises'
import { connectAsync, type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { readStatus } from '../../src/agent/commands/status.ts'
import type { AgentPaths } from '../../src/agent/device.ts'
import { createServerClient } from '../../src/agent/server-client.ts'
import type { RunningServer } from '../../src/server.ts'
import { createVisionPipeline, type VisionPipeline } from '../../src/vision/index.ts'
import { catPhoto } from '../support/images.ts'
import { pairedAgentDir, quietLogger, removeDir, sightCat, waitFor } from './support/agent.ts'
import { CAMERA_LOCATION, cameraOwner, signUp, startHomeward, tempDir } from './support/server.ts'

const MQTT_URL = 'mqtt://127.0.0.1:1883'
const brokerUp = await connectAsync(MQTT_URL, { connectTimeout: 2_000, reconnectPeriod: 0 }).then(
  async (c) => (await c.endAsync(), true),
  () => false,
)
if (!brokerUp) console.warn(`skipping the Home Assistant test: no MQTT broker at ${MQTT_URL}`)

// A discovery prefix and node of this run only: nothing retained by another run is read, or left behind.
const PREFIX = `ha-test-${process.pid}-${Date.now()}`
const NODE = `homeward_test_${process.pid}`
let server: RunningServer
let serverDir: string
let watchDir: string
let paths: AgentPaths
let pipeline: VisionPipeline
let alertId: string
let watcher: MqttClient
const received: { topic: string; payload: string; retain: boolean }[] = []

beforeAll(async () => {
  if (!brokerUp) return
  serverDir = await tempDir('homeward-server-')
  watchDir = await tempDir('homeward-watch-')
  server = await startHomeward(serverDir)
  const base = `http://127.0.0.1:${server.port}`
  const owner = await cameraOwner(base)
  ;[paths, pipeline] = await Promise.all([
    (async () => pairedAgentDir(base, await owner.pairingCode()))(),
    createVisionPipeline(),
  ])
  // A cat goes missing at the camera's doorstep; the camera (source "porch") sees it; the real match worker alerts.
  const petOwner = await signUp(base, 'Pet owner')
  const form = new FormData()
  const fields = {
    species: 'cat',
    name: 'Chelsea',
    lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
    lastSeenLat: String(CAMERA_LOCATION.lat),
    lastSeenLng: String(CAMERA_LOCATION.lng),
  }
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('photos', new File([new Uint8Array(await catPhoto())], 'chelsea.jpg', { type: 'image/jpeg' }))
  expect(
    (await fetch(`${base}/api/searches`, { method: 'POST', body: form, headers: { cookie: petOwner } })).status,
  ).toBe(201)
  await sightCat(paths, pipeline, 'frigate:porch')
  const client = createServerClient(base, (await fs.readFile(paths.token, 'utf8')).trim())
  alertId = await waitFor(async () => (await client.listAlerts()).alerts[0]?.id, {
    timeoutMs: 30_000,
    what: 'an alert from the real match worker',
  })

  watcher = await connectAsync(MQTT_URL)
  watcher.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), retain: packet.retain }),
  )
  await watcher.subscribeAsync([`${PREFIX}/#`, `homeward/${NODE}/#`], { qos: 1 })
}, 120_000)

afterAll(async () => {
  if (watcher) {
    // Clear what this run retained on the shared broker.
    for (const topic of new Set(
      received.filter((m) => m.topic.endsWith('/config') || m.topic.endsWith('/availability')).map((m) => m.topic),
    )) {
      await watcher.publishAsync(topic, '', { retain: true, qos: 1 })
    }
    await watcher.endAsync()
  }
  await server?.stop()
  for (const dir of [paths?.dir, serverDir, watchDir]) if (dir) await removeDir(dir)
})

async function runFor(until: () => boolean | Promise<boolean>, what: string) {
  const controller = new AbortController()
  const flags = {
    folder: watchDir,
    'ha-mqtt': MQTT_URL,
    'ha-discovery-prefix': PREFIX,
    'ha-node-id': NODE,
    'share-poll': '0.3',
  }
  const running = runCommand(paths, flags, quietLogger(), { analyzer: pipeline, signal: controller.signal })
  try {
    await waitFor(until, { timeoutMs: 30_000, what })
  } finally {
    controller.abort()
    expect(await running).toBe(0)
  }
}

const configTopic = () => `${PREFIX}/event/${NODE}/lost_pet_porch/config`
const stateTopic = `homeward/${NODE}/lost_pet_porch/event`
const events = () => received.filter((m) => m.topic === stateTopic)

describe.skipIf(!brokerUp)('Home Assistant through MQTT discovery (real Mosquitto at 127.0.0.1:1883)', () => {
  it(
    'creates a "Lost pet may have passed <camera>" event entity and fires it once per sighting: pet name, species, time, nothing else',
    { timeout: 120_000 },
    async () => {
      await runFor(() => events().length > 0, 'the Home Assistant event')
      const config = JSON.parse(received.find((m) => m.topic === configTopic())!.payload) as Record<string, unknown>
      expect(config).toMatchObject({
        name: 'Lost pet may have passed porch',
        event_types: ['lost_pet_sighted'],
        state_topic: stateTopic,
        availability_topic: `homeward/${NODE}/availability`,
        unique_id: `${NODE}_lost_pet_porch`,
        device: { identifiers: [NODE] },
      })
      const [event] = events()
      const payload = JSON.parse(event!.payload) as Record<string, unknown>
      expect(Object.keys(payload).sort()).toEqual(['alert_id', 'event_type', 'pet_name', 'sighted_at', 'species'])
      expect(payload).toMatchObject({
        event_type: 'lost_pet_sighted',
        pet_name: 'Chelsea',
        species: 'cat',
        alert_id: alertId,
      })
      expect(Math.abs(new Date(payload.sighted_at as string).getTime() - (Date.now() - 60_000))).toBeLessThan(120_000)
      expect(event!.payload).not.toMatch(/@|lat|lng|owner|email/i)
      expect(events()).toHaveLength(1) // polls came and went: the sighting was told once

      // Retained: a Home Assistant that connects later still finds the entity; the last will says offline.
      const late = await connectAsync(MQTT_URL)
      const retained: { topic: string; payload: string; retain: boolean }[] = []
      late.on('message', (topic, p, packet) => retained.push({ topic, payload: p.toString(), retain: packet.retain }))
      await late.subscribeAsync([configTopic(), `homeward/${NODE}/availability`], { qos: 1 })
      await waitFor(() => retained.length >= 2, { what: 'the retained config and availability' })
      await late.endAsync()
      expect(retained.every((m) => m.retain)).toBe(true)
      expect(retained.find((m) => m.topic.endsWith('/availability'))?.payload).toBe('offline') // the run stopped cleanly
      expect(received.filter((m) => m.topic.endsWith('/availability')).map((m) => m.payload)).toEqual([
        'online',
        'offline',
      ])
    },
  )

  it(
    'remembers across restarts what it told, answers Home Assistant’s birth message, and shows itself in status',
    { timeout: 120_000 },
    async () => {
      const configsBefore = received.filter((m) => m.topic === configTopic()).length
      const started = Date.now()
      await runFor(async () => {
        if (Date.now() - started < 1_500) return false // several polls of the same alert
        if (received.filter((m) => m.topic.endsWith('/availability')).length < 3) return false
        await watcher.publishAsync(`${PREFIX}/status`, 'online') // Home Assistant restarted
        return received.filter((m) => m.topic === configTopic()).length >= configsBefore + 2
      }, 'the config sent again for Home Assistant')
      expect(events()).toHaveLength(1)
      const status = await readStatus(paths, { online: false })
      expect(status.run).toMatchObject({
        running: false,
        homeAssistant: { nodeId: NODE, discoveryPrefix: PREFIX, cameras: ['porch'] },
      })
    },
  )
})
