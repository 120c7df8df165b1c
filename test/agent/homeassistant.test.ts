import { connectAsync, type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/agent/commands/run.ts'
import { readStatus } from '../../src/agent/commands/status.ts'
import { quietLogger, waitFor } from './support/agent.ts'
import { useAlertFixture } from './support/alert-fixture.ts'

const MQTT_URL = 'mqtt://127.0.0.1:1883'
const brokerUp = await connectAsync(MQTT_URL, { connectTimeout: 2_000, reconnectPeriod: 0 }).then(
  async (c) => (await c.endAsync(), true),
  () => false,
)
if (!brokerUp) console.warn(`skipping the Home Assistant test: no MQTT broker at ${MQTT_URL}`)

// A discovery prefix and node of this run only: nothing retained by another run is read, or left behind.
const PREFIX = `ha-test-${process.pid}-${Date.now()}`
const NODE = `homeward_test_${process.pid}`
let watcher: MqttClient
const received: { topic: string; payload: string; retain: boolean }[] = []

// A cat goes missing at the camera's doorstep; the camera (source "porch") sees it; the real match worker alerts.
const f = useAlertFixture({ skip: !brokerUp, source: 'frigate:porch', alertTimeoutMs: 30_000, timeoutMs: 120_000 })

beforeAll(async () => {
  if (!brokerUp) return
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
})

async function runFor(until: () => boolean | Promise<boolean>, what: string) {
  const controller = new AbortController()
  const flags = {
    folder: f.sourceDir,
    'ha-mqtt': MQTT_URL,
    'ha-discovery-prefix': PREFIX,
    'ha-node-id': NODE,
    'share-poll': '0.3',
  }
  const running = runCommand(f.paths, flags, quietLogger(), { analyzer: f.pipeline, signal: controller.signal })
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
        alert_id: f.alertId,
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
      const status = await readStatus(f.paths, { online: false })
      expect(status.run).toMatchObject({
        running: false,
        homeAssistant: { nodeId: NODE, discoveryPrefix: PREFIX, cameras: ['porch'] },
      })
    },
  )
})
