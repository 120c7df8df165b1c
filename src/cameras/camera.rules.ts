import { randomBytesOf, randomIntBelow, sha256Hex, toBase64Url } from '../web-crypto.ts'
import { CONSENT_VALIDITY_MONTHS } from './consent.ts'

export const MAX_RETENTION_HOURS = 72
export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000
export const DEVICE_TOKEN_PREFIX = 'hwd_'

export interface ConsentState {
  readonly consent_given_at: Date | null
  readonly consent_expires_at: Date | null
  readonly consent_revoked_at: Date | null
}

export type ConsentStatus = 'active' | 'revoked' | 'expired' | 'none'

export function consentStatus(camera: ConsentState, now: Date): ConsentStatus {
  if (camera.consent_revoked_at) return 'revoked'
  if (!camera.consent_given_at || !camera.consent_expires_at) return 'none'
  return camera.consent_expires_at.getTime() > now.getTime() ? 'active' : 'expired'
}

export function consentExpiry(givenAt: Date): Date {
  const expiry = new Date(givenAt)
  expiry.setUTCMonth(expiry.getUTCMonth() + CONSENT_VALIDITY_MONTHS)
  return expiry
}

// No 0/O, 1/I/L: the code is typed by hand into the agent.
const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function newPairingCode(): string {
  const chars = Array.from({ length: 10 }, () => PAIRING_ALPHABET[randomIntBelow(PAIRING_ALPHABET.length)])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + toBase64Url(randomBytesOf(32))
}

/** Codes and tokens are stored only as SHA-256: both are long random secrets, so no salt or KDF is needed. */
export function hashSecret(secret: string): Promise<string> {
  return sha256Hex(secret)
}

/**
 * Cameras an account may hold (not revoked), and in one coarse cell. A household rarely needs more;
 * without a cap, one account could place a camera in every cell a search reaches (issue #20).
 */
export const MAX_CAMERAS_PER_ACCOUNT = 10
export const MAX_CAMERAS_PER_CELL_PER_ACCOUNT = 3

export function cameraLimitReached(live: { total: number; inCell: number }): string | undefined {
  if (live.total >= MAX_CAMERAS_PER_ACCOUNT)
    return `An account may have at most ${MAX_CAMERAS_PER_ACCOUNT} cameras; revoke one first`
  if (live.inCell >= MAX_CAMERAS_PER_CELL_PER_ACCOUNT)
    return `An account may have at most ${MAX_CAMERAS_PER_CELL_PER_ACCOUNT} cameras in one area`
  return undefined
}

/** The UTC day of a moment, counted from the epoch: the unit of a camera's proven activity. */
export const activityDayOf = (at: Date) => Math.floor(at.getTime() / 86_400_000)
