/** The editable parts of an owner's search, as `GET /api/searches/{id}` returns them. */
export interface EditableSearch {
  readonly name: string
  readonly description: string
  readonly lastSeenAt: string
  readonly lastSeen: { readonly lat: number; readonly lng: number }
  readonly radiusM: number
  readonly area: { readonly cell: string }
  readonly photos: readonly { readonly id: string }[]
}

export type SearchChange =
  | { readonly kind: 'area'; readonly from: string; readonly to: string }
  | { readonly kind: 'point' }
  | { readonly kind: 'radius'; readonly from: number; readonly to: number }
  | { readonly kind: 'lastSeenAt'; readonly from: string; readonly to: string }
  | { readonly kind: 'photos'; readonly added: number; readonly removed: number; readonly count: number }
  | { readonly kind: 'shown'; readonly fields: readonly ('name' | 'description')[] }

/**
 * What an edit changed, split by what it means for matching: the area, point, radius, time and photos decide
 * which cameras and found reports are checked and against what; name and description are only shown to people.
 */
export function searchChanges(before: EditableSearch, after: EditableSearch): SearchChange[] {
  const changes: SearchChange[] = []
  if (before.area.cell !== after.area.cell) changes.push({ kind: 'area', from: before.area.cell, to: after.area.cell })
  else if (before.lastSeen.lat !== after.lastSeen.lat || before.lastSeen.lng !== after.lastSeen.lng)
    changes.push({ kind: 'point' })
  if (before.radiusM !== after.radiusM) changes.push({ kind: 'radius', from: before.radiusM, to: after.radiusM })
  if (Date.parse(before.lastSeenAt) !== Date.parse(after.lastSeenAt))
    changes.push({ kind: 'lastSeenAt', from: before.lastSeenAt, to: after.lastSeenAt })
  const beforeIds = new Set(before.photos.map((p) => p.id))
  const afterIds = new Set(after.photos.map((p) => p.id))
  const added = after.photos.filter((p) => !beforeIds.has(p.id)).length
  const removed = before.photos.filter((p) => !afterIds.has(p.id)).length
  if (added || removed) changes.push({ kind: 'photos', added, removed, count: after.photos.length })
  const shown = (['name', 'description'] as const).filter((field) => before[field] !== after[field])
  if (shown.length) changes.push({ kind: 'shown', fields: shown })
  return changes
}

/** Whether any change makes the matcher run again (the server queues it for every saved change of an active search). */
export const affectsMatching = (changes: readonly SearchChange[]) => changes.some((c) => c.kind !== 'shown')

/** A `datetime-local` input holds whole minutes: the saved time's seconds are not a change the owner made. */
const sameMinute = (a: string, b: string) => Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(b) / 60_000)

/** The fields of `PATCH /api/searches/{id}` that differ from what is saved: unchanged fields are not sent. */
export function patchBody(
  before: EditableSearch,
  form: Pick<EditableSearch, 'name' | 'description' | 'lastSeenAt' | 'lastSeen' | 'radiusM'>,
) {
  const body: Record<string, unknown> = {}
  if (form.name !== before.name) body.name = form.name
  if (form.description !== before.description) body.description = form.description
  if (!sameMinute(form.lastSeenAt, before.lastSeenAt)) body.lastSeenAt = form.lastSeenAt
  if (form.lastSeen.lat !== before.lastSeen.lat || form.lastSeen.lng !== before.lastSeen.lng)
    body.lastSeen = form.lastSeen
  if (form.radiusM !== before.radiusM) body.radiusM = form.radiusM
  return body
}
