import type { Selectable } from 'kysely'
import { describeCoarseArea } from '../geo/cells.ts'
import type { RelayMessageTable } from './relay.table.ts'

type MessageRow = Selectable<RelayMessageTable>

/** A message as one side of its thread sees it; a guest's sighting shows its time and coarse area only. */
export function toMessageView(m: MessageRow, fromYou: boolean, photoUrl: string | null) {
  return {
    id: m.id,
    fromYou,
    body: m.body,
    at: m.created_at.toISOString(),
    sighting:
      m.seen_at && m.seen_cell
        ? {
            seenAt: m.seen_at.toISOString(),
            area: describeCoarseArea(m.seen_cell),
            photoUrl: m.photo_key ? photoUrl : null,
          }
        : null,
  }
}
