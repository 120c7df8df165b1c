import { connect, type IClientOptions, type MqttClient } from 'mqtt'
import type { Logger } from 'pino'

/** A broker URL the agent cannot use at all: said at start, not retried. */
export class MqttUrlError extends Error {
  override readonly name = 'MqttUrlError'
}

const PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:'])

export function redactMqttUrl(raw: string): string {
  try {
    const url = new URL(raw)
    return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname === '/' ? '' : url.pathname}`
  } catch {
    return '(unparseable URL)'
  }
}

export function checkMqttUrl(raw: string, flag: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new MqttUrlError(
      `${flag} ${JSON.stringify(raw)} is not a URL: write it as mqtt://host:1883 (or mqtts://, ws://, wss://)`,
    )
  }
  if (!PROTOCOLS.has(url.protocol))
    throw new MqttUrlError(
      `${flag}: ${url.protocol} is not an MQTT URL: use mqtt://host:1883, mqtts://, ws:// or wss://`,
    )
  if (!url.hostname) throw new MqttUrlError(`${flag} has no host: write it as mqtt://host:1883`)
  return url
}

export interface MqttStart {
  readonly clientId: string
  /** Subscribed (QoS 1) on every (re)connect. */
  readonly topics?: readonly string[]
  /** For log lines: what this connection is for. */
  readonly what: string
  /** Last will and the first message, e.g. an availability topic. */
  readonly will?: IClientOptions['will']
  readonly onConnect?: (client: MqttClient) => void
  /** How long start waits for the first connection before going on (retrying in the background). */
  readonly waitMs?: number
}

/**
 * Connects and keeps reconnecting every 5 s. Logs one line when the broker goes away (with why) and
 * one when it is back, never a line per retry; start returns even if the broker is down.
 */
export async function startMqtt(rawUrl: string, options: MqttStart, logger: Logger): Promise<MqttClient> {
  checkMqttUrl(rawUrl, 'MQTT')
  const shown = redactMqttUrl(rawUrl)
  const client = connect(rawUrl, {
    clientId: `${options.clientId}-${Math.random().toString(36).slice(2, 8)}`,
    reconnectPeriod: 5_000,
    connectTimeout: 10_000,
    ...(options.will && { will: options.will }),
  })
  let down = false
  let lastError = ''
  client.on('error', (err) => {
    lastError = err.message
    // A refused login or a bad TLS certificate will not fix itself: say so plainly.
    if (/not authorized|bad user ?name or password|certificate/i.test(err.message)) {
      logger.error(
        { mqtt: shown, err: err.message },
        `${options.what}: the broker refused this agent; check the URL's user and password (or TLS)`,
      )
    }
  })
  client.on('offline', () => {
    if (down) return
    down = true
    logger.warn(
      { mqtt: shown, err: lastError || 'connection lost' },
      `${options.what}: MQTT broker unreachable; retrying every 5 s`,
    )
  })
  client.on('connect', () => {
    if (down) logger.info({ mqtt: shown }, `${options.what}: MQTT broker reachable again`)
    down = false
    lastError = ''
    if (options.topics?.length) {
      client.subscribe([...options.topics], { qos: 1 }, (err) => {
        if (err) logger.error({ mqtt: shown, err: err.message }, `${options.what}: could not subscribe`)
      })
    }
    options.onConnect?.(client)
  })
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.waitMs ?? 5_000)
    timer.unref()
    const ready = () => {
      clearTimeout(timer)
      // Subscriptions are on their way; a suback round trip later the first messages can arrive.
      if (options.topics?.length) client.subscribe([...options.topics], { qos: 1 }, () => resolve())
      else resolve()
    }
    client.once('connect', ready)
  })
  return client
}
