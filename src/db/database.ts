import type { UserTable } from '../accounts/account.table.ts'
import type { AccountThrottleTable } from '../accounts/throttle.table.ts'
import type { AlertTable } from '../alerts/alert.table.ts'
import type { AuditCheckpointTable, AuditLogTable } from '../audit/audit.table.ts'
import type { CameraPairingCodeTable, CameraTable, DeviceTokenTable } from '../cameras/camera.table.ts'
import type { FoundMatchTable, FoundReportTable } from '../found/found.table.ts'
import type { ProxyRefusalTable, SearchHoldTable } from '../searches/search-hold.table.ts'
import type { LostSearchTable, SearchPhotoTable } from '../searches/search.table.ts'
import type {
  NotificationOptOutTable,
  NotificationOutboxTable,
  NotificationSettingsTable,
  TrailNoticeTable,
} from '../notifications/notification.table.ts'
import type { AlertPreviewTable, PreviewKeyTable } from '../previews/preview.table.ts'
import type { PushSubscriptionTable } from '../push/push-subscription.table.ts'
import type { RelayMessageTable, RelayThreadTable } from '../relay/relay.table.ts'
import type { ShareTable } from '../shares/share.table.ts'
import type { SightingPartitionTable, SightingTable } from '../sightings/sighting.table.ts'
import type { DataRequestTable } from '../transparency/data-request.table.ts'

export interface Database {
  users: UserTable
  account_throttle: AccountThrottleTable
  lost_searches: LostSearchTable
  search_photos: SearchPhotoTable
  search_holds: SearchHoldTable
  proxy_refusals: ProxyRefusalTable
  cameras: CameraTable
  camera_pairing_codes: CameraPairingCodeTable
  device_tokens: DeviceTokenTable
  sightings: SightingTable
  sighting_partitions: SightingPartitionTable
  audit_log: AuditLogTable
  audit_checkpoints: AuditCheckpointTable
  alerts: AlertTable
  shares: ShareTable
  data_requests: DataRequestTable
  notification_settings: NotificationSettingsTable
  notification_outbox: NotificationOutboxTable
  notification_opt_outs: NotificationOptOutTable
  trail_notices: TrailNoticeTable
  push_subscriptions: PushSubscriptionTable
  relay_threads: RelayThreadTable
  relay_messages: RelayMessageTable
  found_reports: FoundReportTable
  found_matches: FoundMatchTable
  preview_keys: PreviewKeyTable
  alert_previews: AlertPreviewTable
}
