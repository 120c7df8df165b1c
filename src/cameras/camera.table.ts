import type { ColumnType, Generated, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface CameraTable {
  id: Generated<string>
  owner_id: string
  name: string
  cell: string
  retention_hours: Generated<number>
  consent_version: string | null
  consent_given_at: Timestamp | null
  consent_expires_at: Timestamp | null
  consent_revoked_at: Timestamp | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  /** Distinct UTC days on which the camera's sightings arrived: its proven activity (sql/0020). */
  active_days: Generated<number>
  /** The last such day, in days since the epoch. */
  last_active_day: number | null
  /** The agent's latest check-in, rounded down to 5 minutes; no history is kept (sql/0075). */
  last_check_in_at: Timestamp | null
}

export interface CameraPairingCodeTable {
  code_hash: string
  camera_id: string
  expires_at: Timestamp
  used_at: Timestamp | null
  created_at: Generated<Date>
}

export interface DeviceTokenTable {
  id: Generated<string>
  camera_id: string
  token_hash: string
  created_at: Generated<Date>
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export type Camera = Selectable<CameraTable>
