import type { MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import { type AgentDb, readState, writeState } from '../store/db.ts'
import { redactMqttUrl, startMqtt } from '../sources/mqtt-connection.ts'
import {
  type AlertFacts,
  announcementsOf,
  availabilityTopic,
  cameraLabelOf,
  configTopic,
  discoveryConfig,
  type HaNames,
  haStatusTopic,
  stateTopic,
} from './discovery.rules.ts'

export interface HomeAssistantOptions extends HaNames {
  readonly mqttUrl: string
  /** Cameras to create entities for at once (e.g. the Frigate cameras named); others appear with their first alert. */
  readonly cameras?: readonly string[]
}

export interface HomeAssistantPublisher {
  /** Tells Home Assistant about alert sightings it has not heard of; returns how many events went out. */
  announce(alerts: readonly AlertFacts[]): Promise<number>
  stop(): Promise<void>
  describe(): Record<string, unknown>
}

const TOLD_KEY = 'homeassistant.told'
const KNOWN_KEY = 'homeassistant.cameras'
const MAX_TOLD = 1_000

/**
 * Opt-in (`--ha-mqtt`): the agent appears in Home Assistant as a device with one event entity per
 * camera. What it has told survives restarts (agent.db), so an alert is announced once per sighting.
 */
export async function startHomeAssistant(
  options: HomeAssistantOptions,
  db: AgentDb,
  logger: Logger,
): Promise<HomeAssistantPublisher> {
  const names: HaNames = { discoveryPrefix: options.discoveryPrefix, nodeId: options.nodeId }
  const told = new Map<string, string>(
    Object.entries(JSON.parse(readState(db, TOLD_KEY) ?? '{}') as Record<string, string>),
  )
  const cameras = new Set<string>([
    ...(JSON.parse(readState(db, KNOWN_KEY) ?? '[]') as string[]),
    ...(options.cameras ?? []),
  ])
  let announced = 0
  const cameraOf = (ref: string) => {
    const row = db.prepare('select source from snapshots where ref = ?').get(ref) as { source: string } | undefined
    return row && cameraLabelOf(row.source)
  }

  const publishConfig = (client: MqttClient, camera: string) =>
    client.publishAsync(configTopic(names, camera), JSON.stringify(discoveryConfig(names, camera)), {
      qos: 1,
      retain: true,
    })

  async function announceOnline(client: MqttClient) {
    try {
      for (const camera of cameras) await publishConfig(client, camera)
      await client.publishAsync(availabilityTopic(names), 'online', { qos: 1, retain: true })
    } catch (err) {
      logger.warn(
        { err: (err as Error).message },
        'home assistant: could not publish the discovery config; will retry on reconnect',
      )
    }
  }

  const client = await startMqtt(
    options.mqttUrl,
    {
      clientId: `homeward-agent-ha-${process.pid}`,
      what: 'Home Assistant',
      topics: [haStatusTopic(names)],
      will: { topic: availabilityTopic(names), payload: Buffer.from('offline'), qos: 1, retain: true },
      onConnect: (c) => void announceOnline(c),
    },
    logger,
  )
  client.on('message', (topic, payload) => {
    if (topic === haStatusTopic(names) && payload.toString() === 'online') void announceOnline(client)
  })
  logger.info(
    { mqtt: redactMqttUrl(options.mqttUrl), ...names, cameras: [...cameras] },
    'home assistant: MQTT discovery on',
  )

  return {
    async announce(alerts) {
      const due = announcementsOf(alerts, cameraOf, told)
      if (!due.length) return 0
      if (!client.connected) {
        logger.warn(
          { due: due.length },
          'home assistant: MQTT broker unreachable; will tell Home Assistant on the next poll',
        )
        return 0
      }
      let sent = 0
      for (const a of due) {
        if (!cameras.has(a.camera)) {
          cameras.add(a.camera)
          writeState(db, KNOWN_KEY, JSON.stringify([...cameras]))
          await publishConfig(client, a.camera)
        }
        await client.publishAsync(stateTopic(names, a.camera), JSON.stringify(a.payload), { qos: 1 })
        told.set(a.key, a.sightedAt)
        sent++
      }
      while (told.size > MAX_TOLD) told.delete(told.keys().next().value!)
      writeState(db, TOLD_KEY, JSON.stringify(Object.fromEntries(told)))
      announced += sent
      logger.info({ events: sent }, 'home assistant: told of lost pets passing your cameras')
      return sent
    },
    async stop() {
      if (client.connected)
        await client.publishAsync(availabilityTopic(names), 'offline', { qos: 1, retain: true }).catch(() => undefined)
      await client.endAsync()
    },
    describe: () => ({
      mqtt: redactMqttUrl(options.mqttUrl),
      ...names,
      cameras: [...cameras],
      connected: client.connected,
      announced,
    }),
  }
}
