import type { ColumnType, Generated } from 'kysely'

export interface PreviewKeyTable {
  user_id: string
  /** X25519, base64url: the camera owner's browser holds the private half. */
  public_key: string
  created_at: Generated<Date>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface AlertPreviewTable {
  alert_id: string
  camera_id: string
  camera_owner_id: string
  key_fingerprint: string
  enc: string
  /** HPKE ciphertext of a small JPEG; the server never holds the plaintext. */
  ciphertext: ColumnType<Uint8Array, Uint8Array, Uint8Array>
  created_at: Generated<Date>
}
