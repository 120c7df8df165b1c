// Pure checks of a sealed preview: the share rules' ciphertext test, with the preview's own (much smaller) cap.
import { PREVIEW_MAX_BYTES } from '../contracts/device-wire.ts'
import { AEAD_TAG_BYTES, checkCiphertext } from '../sealing/sealed-box.rules.ts'

export { PREVIEW_MAX_BYTES } from '../contracts/device-wire.ts'
/** A preview of PREVIEW_MAX_BYTES sealed with AES-GCM: the most the server stores for one alert. */
export const MAX_SEALED_PREVIEW_BYTES = PREVIEW_MAX_BYTES + AEAD_TAG_BYTES

export type PreviewProblem = 'too-short' | 'too-large' | 'plaintext-image' | undefined

export function checkSealedPreview(bytes: Uint8Array): PreviewProblem {
  if (bytes.byteLength > MAX_SEALED_PREVIEW_BYTES) return 'too-large'
  return checkCiphertext(bytes)
}

/** A pending alert asks its agent for a preview while its owner has a key and none sealed to that key is stored. */
export function wantsPreview(keyFingerprint: string | undefined, storedFingerprint: string | undefined): boolean {
  return keyFingerprint !== undefined && storedFingerprint !== keyFingerprint
}
