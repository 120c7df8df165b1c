import type { Species } from '../searches/search.table.ts'
import { hammingAt } from './sign-code.ts'

/** One held sighting's code and what selects it: never its embedding, camera owner, snapshot or exact place. */
export interface SightingCode {
  readonly id: number
  readonly capturedAt: number
  readonly species: Species
  readonly modelId: string
  readonly cell: string
  readonly cameraId: string
  readonly code: Uint32Array
}

export interface NearQuery {
  readonly species: Species
  readonly modelId: string
  readonly cells: readonly string[]
  readonly capturedSince: number
  /** The search photos' codes; a sighting is near when it lies within `bound` of any of them. */
  readonly codes: readonly Uint32Array[]
  readonly bound: number
}

export interface NearSightings {
  readonly ids: number[]
  readonly capturedAt: number[]
}

/** The sightings of one species and model in one cell, column by column, in the order they were added. */
class CodeGroup {
  length = 0
  /** How many sightings each camera has here, and the earliest capture: what lets a removal skip the group. */
  readonly cameraCounts = new Map<number, number>()
  earliest = Infinity
  ids: Float64Array
  capturedAt: Float64Array
  cameras: Uint32Array
  codes: Uint32Array

  constructor(
    readonly words: number,
    capacity = 256,
  ) {
    this.ids = new Float64Array(capacity)
    this.capturedAt = new Float64Array(capacity)
    this.cameras = new Uint32Array(capacity)
    this.codes = new Uint32Array(capacity * words)
  }

  push(id: number, capturedAt: number, camera: number, code: Uint32Array) {
    if (this.length === this.ids.length) this.grow(this.length * 2)
    const i = this.length++
    this.ids[i] = id
    this.capturedAt[i] = capturedAt
    this.cameras[i] = camera
    this.codes.set(code, i * this.words)
    this.cameraCounts.set(camera, (this.cameraCounts.get(camera) ?? 0) + 1)
    if (capturedAt < this.earliest) this.earliest = capturedAt
  }

  /** Drops the entries `drop` selects, keeping the rest in order; returns how many went. */
  compact(drop: (i: number) => boolean): number {
    let kept = 0
    // Kept entries move a run at a time: expiry drops the oldest, which lie first, so one run is usual.
    for (let i = 0; i < this.length;) {
      if (drop(i)) {
        const left = this.cameraCounts.get(this.cameras[i]!)! - 1
        if (left) this.cameraCounts.set(this.cameras[i]!, left)
        else this.cameraCounts.delete(this.cameras[i]!)
        i++
        continue
      }
      let end = i + 1
      while (end < this.length && !drop(end)) end++
      if (kept !== i) {
        this.ids.copyWithin(kept, i, end)
        this.capturedAt.copyWithin(kept, i, end)
        this.cameras.copyWithin(kept, i, end)
        this.codes.copyWithin(kept * this.words, i * this.words, end * this.words)
      }
      kept += end - i
      i = end
    }
    const dropped = this.length - kept
    this.length = kept
    this.earliest = Infinity
    for (let i = 0; i < kept; i++) if (this.capturedAt[i]! < this.earliest) this.earliest = this.capturedAt[i]!
    if (this.length < this.ids.length / 4 && this.ids.length > 256) this.grow(Math.max(256, this.length * 2))
    return dropped
  }

  private grow(capacity: number) {
    const resize = <T extends Float64Array | Uint32Array>(from: T, to: T, n: number) => (
      to.set(from.subarray(0, n)),
      to
    )
    this.ids = resize(this.ids, new Float64Array(capacity), this.length)
    this.capturedAt = resize(this.capturedAt, new Float64Array(capacity), this.length)
    this.cameras = resize(this.cameras, new Uint32Array(capacity), this.length)
    this.codes = resize(this.codes, new Uint32Array(capacity * this.words), this.length * this.words)
  }
}

const groupKey = (species: string, modelId: string, cell: string) => `${species} ${modelId} ${cell}`

const withinBound = (codes: readonly Uint32Array[], words: Uint32Array, offset: number, bound: number) => {
  for (let k = 0; k < codes.length; k++) if (hammingAt(words, offset, codes[k]!) <= bound) return true
  return false
}

/** The same answer as SightingCodeIndex.near, over a handful of sightings not in an index. */
export function nearAmong(rows: readonly SightingCode[], q: NearQuery): NearSightings {
  const cells = new Set(q.cells)
  const ids: number[] = []
  const capturedAt: number[] = []
  for (const row of rows) {
    if (
      row.species !== q.species ||
      row.modelId !== q.modelId ||
      !cells.has(row.cell) ||
      row.capturedAt < q.capturedSince
    )
      continue
    if (
      !withinBound(
        q.codes.filter((code) => code.length === row.code.length),
        row.code,
        0,
        q.bound,
      )
    )
      continue
    ids.push(row.id)
    capturedAt.push(row.capturedAt)
  }
  return { ids, capturedAt }
}

/**
 * An in-memory copy of the held sightings' sign-bit codes, grouped by (species, model, cell): the first
 * step of matching, comparing ~30k codes per search, done here instead of in PostgreSQL's executor
 * (~0.2 µs per index entry there). It answers only "which sighting ids could pass", and every answer is
 * re-checked against the table — existence, expiry, consent, exact distance — before anything is used.
 */
export class SightingCodeIndex {
  private readonly groups = new Map<string, CodeGroup>()
  private readonly cameraSlots = new Map<string, number>()
  private nextSlot = 0
  private size_ = 0

  get size() {
    return this.size_
  }

  /** Bytes held in typed arrays (capacity, not only what is used). */
  get bytes() {
    let bytes = 0
    for (const g of this.groups.values())
      bytes += g.ids.byteLength + g.capturedAt.byteLength + g.cameras.byteLength + g.codes.byteLength
    return bytes
  }

  add(rows: Iterable<SightingCode>) {
    for (const row of rows) {
      const key = groupKey(row.species, row.modelId, row.cell)
      let group = this.groups.get(key)
      if (!group) this.groups.set(key, (group = new CodeGroup(row.code.length)))
      if (row.code.length !== group.words)
        throw new Error(`sighting ${row.id}: ${row.code.length}-word code in a group of ${group.words}-word codes`)
      group.push(row.id, row.capturedAt, this.cameraSlot(row.cameraId), row.code)
      this.size_++
    }
  }

  /**
   * The sightings in the query's cells, captured since its time, whose code lies within its bound of a
   * search photo's; only those with ids up to `throughId` when it is given.
   */
  near(q: NearQuery, throughId = Infinity): NearSightings {
    const ids: number[] = []
    const capturedAt: number[] = []
    for (const cell of new Set(q.cells)) {
      const group = this.groups.get(groupKey(q.species, q.modelId, cell))
      if (!group) continue
      const codes = q.codes.filter((code) => code.length === group.words)
      if (!codes.length) continue
      const { length, words, capturedAt: times, codes: held, ids: heldIds } = group
      for (let i = 0; i < length; i++) {
        if (times[i]! < q.capturedSince || heldIds[i]! > throughId || !withinBound(codes, held, i * words, q.bound))
          continue
        ids.push(heldIds[i]!)
        capturedAt.push(times[i]!)
      }
    }
    return { ids, capturedAt }
  }

  /** Forgets every sighting of these cameras (consent revoked, camera gone). */
  removeCameras(cameraIds: Iterable<string>): number {
    const slots = new Set<number>()
    for (const id of cameraIds) {
      const slot = this.cameraSlots.get(id)
      if (slot !== undefined) slots.add(slot)
    }
    if (!slots.size) return 0
    return this.compact(
      (g) => [...slots].some((slot) => g.cameraCounts.has(slot)),
      (g, i) => slots.has(g.cameras[i]!),
    )
  }

  /** Forgets every sighting captured before `time`: expired under the longest retention. */
  removeCapturedBefore(time: number): number {
    return this.compact(
      (g) => g.earliest < time,
      (g, i) => g.capturedAt[i]! < time,
    )
  }

  /** The cameras that have sightings here. */
  cameraIds(): string[] {
    return [...this.cameraSlots.keys()]
  }

  /** Drops the entries `drop` selects in the groups `affected` selects, and the cameras left with none. */
  private compact(affected: (g: CodeGroup) => boolean, drop: (g: CodeGroup, i: number) => boolean): number {
    let dropped = 0
    for (const [key, group] of this.groups) {
      if (!affected(group)) continue
      dropped += group.compact((i) => drop(group, i))
      if (!group.length) this.groups.delete(key)
    }
    if (!dropped) return 0
    const inUse = new Set<number>()
    for (const group of this.groups.values()) for (const slot of group.cameraCounts.keys()) inUse.add(slot)
    for (const [cameraId, slot] of this.cameraSlots) if (!inUse.has(slot)) this.cameraSlots.delete(cameraId)
    this.size_ -= dropped
    return dropped
  }

  private cameraSlot(cameraId: string): number {
    let slot = this.cameraSlots.get(cameraId)
    if (slot === undefined) this.cameraSlots.set(cameraId, (slot = this.nextSlot++))
    return slot
  }
}
