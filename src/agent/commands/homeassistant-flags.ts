import type { Logger } from 'pino'
import { isValidNodeId } from '../homeassistant/discovery.rules.ts'
import { type HomeAssistantPublisher, startHomeAssistant } from '../homeassistant/publisher.ts'
import { checkMqttUrl } from '../sources/mqtt-connection.ts'
import type { AgentDb } from '../store/db.ts'
import { type Flags, str, UsageError } from './shared.ts'

/** Validates the Home Assistant flags; throws a usage error before anything connects. */
export function homeAssistantOptionsFrom(flags: Flags) {
  const mqttUrl = str(flags, 'ha-mqtt')
  if (!mqttUrl) return undefined
  checkMqttUrl(mqttUrl, '--ha-mqtt')
  const discoveryPrefix = str(flags, 'ha-discovery-prefix') ?? 'homeassistant'
  if (!/^[^#+]+$/.test(discoveryPrefix))
    throw new UsageError('--ha-discovery-prefix must be a plain topic prefix (no # or +)')
  const nodeId = str(flags, 'ha-node-id') ?? 'homeward_agent'
  if (!isValidNodeId(nodeId))
    throw new UsageError('--ha-node-id may hold only letters, digits, _ and - (Home Assistant’s rule)')
  const cameras = Array.isArray(flags['frigate-camera']) ? (flags['frigate-camera'] as string[]) : []
  return { mqttUrl, discoveryPrefix: discoveryPrefix.replace(/\/+$/, ''), nodeId, cameras }
}

export async function homeAssistantFrom(
  flags: Flags,
  db: AgentDb,
  logger: Logger,
): Promise<HomeAssistantPublisher | undefined> {
  const options = homeAssistantOptionsFrom(flags)
  return options && startHomeAssistant(options, db, logger)
}
