import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../../models/registry.ts'
import { CAMERA_CONSENT_VERSION } from '../../src/cameras/consent.ts'
import { jsonInit, type TestApp, type TestUser } from './app.ts'

export const CAMERA_POINT = { lat: 51.4613, lng: -0.1156 }
export const EMBEDDING_DIMENSION = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!.dimension

export async function registerCamera(t: TestApp, user: TestUser, extra: Record<string, unknown> = {}) {
  const res = await t.request(
    '/api/cameras',
    jsonInit(
      'POST',
      {
        name: 'Front door',
        location: CAMERA_POINT,
        consent: { version: CAMERA_CONSENT_VERSION, accepted: true },
        ...extra,
      },
      user,
    ),
  )
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; area: { cell: string }; retentionHours: number }
}

/** Registers a camera and pairs a device with it, as the agent would. */
export async function pairedCamera(t: TestApp, user: TestUser, location = CAMERA_POINT) {
  const camera = await registerCamera(t, user, { location })
  const code = (await (await t.request(`/api/cameras/${camera.id}/pairing-code`, { method: 'POST', user })).json())
    .code as string
  const paired = await t.request('/api/devices/pair', jsonInit('POST', { code }))
  if (paired.status !== 201) throw new Error(`pair failed: ${paired.status} ${await paired.text()}`)
  const { token } = (await paired.json()) as { token: string }
  return { camera, token }
}

let seed = 1
/** A deterministic unit vector, different per call unless a seed is given. */
export function unitVector(dimension = EMBEDDING_DIMENSION, s = seed++): number[] {
  const values = Array.from({ length: dimension }, (_, i) => Math.sin(s * 12.9898 + i * 78.233))
  const norm = Math.hypot(...values)
  return values.map((v) => v / norm)
}

export function sighting(overrides: Record<string, unknown> = {}) {
  return {
    clientId: `c-${crypto.randomUUID()}`,
    capturedAt: new Date(Date.now() - 60_000).toISOString(),
    species: 'dog',
    score: 0.82,
    modelId: DEFAULT_EMBEDDING_MODEL_ID,
    embedding: unitVector(),
    snapshotRef: `snap-${crypto.randomUUID().slice(0, 18)}`,
    ...overrides,
  }
}

export const sendBatch = (t: TestApp, token: string, body: unknown, headers: Record<string, string> = {}) =>
  t.request('/api/sightings/batch', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
