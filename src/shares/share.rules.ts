// Sealed bytes, their key and their checks are sealing's; what is a share's own is below.
export {
  AEAD_TAG_BYTES,
  checkCiphertext,
  decodeBase64Url,
  MAX_SHARE_BYTES,
  SHARE_SUITE,
  shareKeyFingerprint,
  X25519_PUBLIC_KEY_BYTES,
  type CiphertextProblem,
} from '../sealing/sealed-box.rules.ts'

export type SealCheck = 'ok' | 'sealed-to-another-key' | 'key-changed-since-alert'

/**
 * The agent names the key it sealed to. A different one means the key changed between listing and
 * sealing; a key replaced after the alert was raised must be confirmed (its fingerprint sent) by the agent.
 */
export function checkSealKey(
  current: { fingerprint: string; replacedAt: Date | null },
  alertCreatedAt: Date,
  sentFingerprint: string | undefined,
): SealCheck {
  if (sentFingerprint !== undefined && sentFingerprint !== current.fingerprint) return 'sealed-to-another-key'
  if (current.replacedAt && current.replacedAt > alertCreatedAt && sentFingerprint === undefined)
    return 'key-changed-since-alert'
  return 'ok'
}
