// Simulated camera agents for bench:load. Each keeps what it captured in its own queue until the server
// answers 2xx, one request in flight, retrying the same batch (same client ids and capture times) with
// backoff after a network error, a 5xx or a 429 — what src/agent's durable outbox does — so a sighting
// is lost only if the server acknowledged it and did not keep it, and duplicated only if a retry is not
// idempotent.
import { setTimeout as sleep } from 'node:timers/promises'

export interface Sample {
  readonly at: number
  readonly ms: number
  /** HTTP status, or 0 for a network error (connection refused or reset). */
  readonly status: number
}

export interface Device {
  readonly index: number
  readonly cameraId: string
  readonly token: string
  /** Sightings of the searched-for pet, at the search's place; the others send unrelated vectors. */
  readonly matching: boolean
  readonly queue: string[][]
  /** Client ids this agent generated, in order. */
  readonly generated: string[]
  offline: boolean
}

export interface AgentOptions {
  readonly baseUrl: () => string
  readonly batchSize: number
  /** One sighting as JSON text. */
  readonly makeSighting: (device: Device, clientId: string, capturedAt: string) => string
  readonly samples: Sample[]
  readonly now: () => number
}

/** Adds one batch of freshly captured sightings to the device's queue. */
export function capture(device: Device, options: AgentOptions, seq: number) {
  const capturedAt = new Date().toISOString()
  const ids = Array.from({ length: options.batchSize }, (_, i) => `d${device.index}-${seq}-${i}`)
  device.generated.push(...ids)
  device.queue.push(ids.map((id) => options.makeSighting(device, id, capturedAt)))
}

/** Sends the device's queue, oldest batch first, until `stop()` returns true and the queue is empty. */
export async function runSender(device: Device, options: AgentOptions, stop: () => boolean) {
  let backoff = 100
  while (!(stop() && device.queue.length === 0)) {
    if (device.offline || device.queue.length === 0) {
      await sleep(20)
      continue
    }
    const batch = device.queue[0]!
    const t = performance.now()
    let status: number
    try {
      const res = await fetch(`${options.baseUrl()}/api/sightings/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
        body: `{"sightings":[${batch.join(',')}]}`,
        signal: AbortSignal.timeout(10_000),
      })
      status = res.status
      await res.arrayBuffer()
    } catch {
      status = 0
    }
    options.samples.push({ at: options.now(), ms: performance.now() - t, status })
    if (status >= 200 && status < 300) {
      device.queue.shift()
      backoff = 100
    } else if (status === 0 || status >= 500 || status === 429) {
      await sleep(backoff * (0.5 + Math.random()))
      backoff = Math.min(backoff * 2, 2000)
    } else {
      throw new Error(
        `device ${device.index}: the server refused a batch with ${status}; the bench's sightings must be valid`,
      )
    }
  }
}
