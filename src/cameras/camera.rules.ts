import { createHash, randomBytes, randomInt } from 'node:crypto'
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
  const chars = Array.from({ length: 10 }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** Codes and tokens are stored only as SHA-256: both are long random secrets, so no salt or KDF is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
