import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { type AgentPaths, writePrivateFile } from '../device.ts'
import type { AgentDb } from './db.ts'

const MAGIC = Buffer.from('HWS1') // versioned header: never a JPEG/PNG/WebP signature on disk
const IV_BYTES = 12
const TAG_BYTES = 16

/** The key lives beside the snapshots in a 0600 file; made once, on first use. */
export async function loadOrCreateKey(paths: AgentPaths): Promise<Buffer> {
  try {
    const key = await fs.readFile(paths.key)
    if (key.length !== 32) throw new Error(`${paths.key} must hold 32 bytes`)
    return key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    const key = randomBytes(32)
    await writePrivateFile(paths.key, key)
    return key
  }
}

/** AES-256-GCM; the snapshot reference is bound as associated data so files cannot be swapped. */
export function sealSnapshot(key: Buffer, ref: string, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(ref))
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body])
}

export function openSnapshot(key: Buffer, ref: string, sealed: Buffer): Buffer {
  if (!sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a sealed snapshot')
  const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES)
  const tag = sealed.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(ref)).setAuthTag(tag)
  return Buffer.concat([decipher.update(sealed.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()])
}

export interface SnapshotStore {
  save(input: { ref: string; source: string; capturedAt: Date; image: Buffer }): Promise<void>
  /** The decrypted snapshot; undefined once it is past its retention, even before the sweep removes it. */
  read(ref: string, now?: Date): Promise<Buffer | undefined>
  /** Whether the snapshot is still held (and within its retention) on this device. */
  holds(ref: string, now?: Date): boolean
  /** Deletes every snapshot past its retention; returns how many went. */
  sweep(now?: Date): Promise<number>
  count(): number
}

export function createSnapshotStore(db: AgentDb, paths: AgentPaths, key: Buffer, retentionMs: number): SnapshotStore {
  const fileOf = (ref: string) => path.join(paths.snapshots, `${ref}.hws`)
  const heldFile = (ref: string, now: Date) =>
    (
      db.prepare('select file from snapshots where ref = ? and expires_at > ?').get(ref, now.getTime()) as
        { file: string } | undefined
    )?.file
  return {
    async save({ ref, source, capturedAt, image }) {
      const file = fileOf(ref)
      await fs.writeFile(file, sealSnapshot(key, ref, image), { mode: 0o600 })
      db.prepare(
        'insert or replace into snapshots (ref, source, captured_at, expires_at, file) values (?, ?, ?, ?, ?)',
      ).run(ref, source, capturedAt.getTime(), capturedAt.getTime() + retentionMs, path.basename(file))
    },
    async read(ref, now = new Date()) {
      const file = heldFile(ref, now)
      if (!file) return undefined
      const sealed = await fs.readFile(path.join(paths.snapshots, file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined // the owner deleted the file by hand
        throw err
      })
      return sealed && openSnapshot(key, ref, sealed)
    },
    holds: (ref, now = new Date()) => heldFile(ref, now) !== undefined,
    async sweep(now = new Date()) {
      const rows = db.prepare('select ref, file from snapshots where expires_at <= ?').all(now.getTime()) as {
        ref: string
        file: string
      }[]
      for (const row of rows) {
        await fs.rm(path.join(paths.snapshots, row.file), { force: true })
        db.prepare('delete from snapshots where ref = ?').run(row.ref)
      }
      return rows.length
    },
    count: () => Number((db.prepare('select count(*) as n from snapshots').get() as { n: number }).n),
  }
}
