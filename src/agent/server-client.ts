/** The only code that talks to the Homeward server. Every body is JSON built from explicit fields. */

import type * as wire from '../contracts/device-wire.ts'

// The wire types come from the schemas the server's routes validate with (src/contracts/device-wire.ts).
export type SightingPayload = wire.SightingInput
export type PrivateMatchPayload = wire.PrivateMatch
export type PairResult = wire.DeviceToken
export type DeviceCamera = wire.DeviceCamera
export type BatchResult = wire.SightingBatchResult
/** A search photo's embedding is public data: the server hands it to every camera agent in the area. */
export type PublicSearch = wire.PublicSearch
/** Thresholds: the score to alert at, calibrated per model by the server; the agent's default when absent. */
export type SearchFeed = Omit<wire.SearchFeed, 'thresholds'> & Partial<Pick<wire.SearchFeed, 'thresholds'>>

type WireShareKey = NonNullable<wire.DeviceAlert['shareKey']>
/**
 * A pending alert of this camera, as `GET /api/devices/alerts` lists it. Servers from before key
 * fingerprints and web share requests leave those fields out, so the agent reads them as optional.
 */
export type DeviceAlert = Omit<wire.DeviceAlert, 'shareKey' | 'shareRequested'> & {
  readonly shareKey:
    | (Omit<WireShareKey, 'fingerprint' | 'changedSinceAlert'> &
        Partial<Pick<WireShareKey, 'fingerprint' | 'changedSinceAlert'>>)
    | null
  readonly shareRequested?: boolean
}
/** One snapshot sealed (HPKE) to the pet owner's key: the only image-derived bytes the agent ever sends. */
export type SealedSnapshotPayload = wire.SealedSnapshotBody
/** A small preview sealed to the camera owner's own preview key (src/agent/preview/). */
export type SealedPreviewPayload = wire.SealedPreviewBody

/** The server answered with an error body; `status` 0 means it could not be reached. */
export class ServerError extends Error {
  override readonly name = 'ServerError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export type FailureKind = 'retry' | 'revoked' | 'rejected'

/**
 * 401/403: the token or the consent is gone. 404: an older server without this route, so keep the
 * data. Other 4xx: this data will never be accepted.
 */
export function classifyFailure(err: unknown): FailureKind {
  if (!(err instanceof ServerError)) return 'retry'
  if (err.status === 401 || err.status === 403) return 'revoked'
  if (err.status === 404 || err.status === 408 || err.status === 429 || err.status === 0 || err.status >= 500)
    return 'retry'
  return 'rejected'
}

export interface ServerClient {
  pair(code: string): Promise<PairResult>
  me(): Promise<DeviceCamera>
  sendSightings(sightings: readonly SightingPayload[]): Promise<BatchResult>
  fetchSearchFeed(): Promise<SearchFeed>
  reportPrivateMatches(matches: readonly PrivateMatchPayload[]): Promise<{ accepted: number }>
  listAlerts(): Promise<{ alerts: DeviceAlert[] }>
  shareSnapshot(alertId: string, sealed: SealedSnapshotPayload): Promise<{ id: string; bytes: number }>
  uploadPreview(alertId: string, sealed: SealedPreviewPayload): Promise<{ bytes: number; created: boolean }>
}

export function createServerClient(server: string, token?: string, timeoutMs = 30_000): ServerClient {
  const base = server.replace(/\/+$/, '')
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        signal: AbortSignal.timeout(timeoutMs),
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    } catch (err) {
      throw new ServerError(0, 'UNREACHABLE', `${base} unreachable: ${(err as Error).cause ?? (err as Error).message}`)
    }
    const text = await res.text()
    if (!res.ok) {
      let error: { code?: string; message?: string } = {}
      try {
        error = (JSON.parse(text) as { error?: typeof error }).error ?? {}
      } catch {
        // not our server's error shape (a proxy's HTML page): keep the status
      }
      throw new ServerError(res.status, error.code ?? `HTTP_${res.status}`, error.message ?? res.statusText)
    }
    return JSON.parse(text) as T
  }
  return {
    pair: (code) => call('POST', '/api/devices/pair', { code }),
    me: () => call('GET', '/api/devices/me'),
    sendSightings: (sightings) => call('POST', '/api/sightings/batch', { sightings }),
    fetchSearchFeed: () => call('GET', '/api/devices/searches'),
    reportPrivateMatches: (matches) => call('POST', '/api/devices/private-matches', { matches }),
    listAlerts: () => call('GET', '/api/devices/alerts'),
    // Explicit fields only: nothing but the sealed bytes and their reference can ride along.
    shareSnapshot: (alertId, { snapshotRef, enc, ciphertext, keyFingerprint }) =>
      call('POST', `/api/devices/alerts/${encodeURIComponent(alertId)}/share`, {
        snapshotRef,
        enc,
        ciphertext,
        ...(keyFingerprint && { keyFingerprint }),
      }),
    uploadPreview: (alertId, { enc, ciphertext, keyFingerprint }) =>
      call('POST', `/api/devices/alerts/${encodeURIComponent(alertId)}/preview`, { enc, ciphertext, keyFingerprint }),
  }
}
