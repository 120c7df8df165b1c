// Reads an evaluation folder laid out like ../shared/data (labels.csv per part) and splits it by identity.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LabelledImage {
  /** Relative to the data folder, as in labels.csv. */
  readonly path: string
  readonly label: string
}

export interface Dataset {
  readonly dir: string
  /** pets/identity: label = 'dog-<id>' (face crops, several per dog). */
  readonly identity: readonly LabelledImage[]
  /** pets/breeds: label = 'cat:<breed>' | 'dog:<breed>' (whole photos). */
  readonly breeds: readonly LabelledImage[]
  readonly negatives: readonly LabelledImage[]
  readonly people: readonly LabelledImage[]
}

/** Minimal CSV reader for labels.csv: quoted fields may hold commas. */
function parseCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells: string[] = []
      let cell = ''
      let quoted = false
      for (const ch of line) {
        if (ch === '"') quoted = !quoted
        else if (ch === ',' && !quoted) {
          cells.push(cell)
          cell = ''
        } else cell += ch
      }
      cells.push(cell)
      return cells
    })
}

function readLabels(dir: string, part: string): LabelledImage[] {
  const file = join(dir, part, 'labels.csv')
  if (!existsSync(file)) return []
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'))
  const pathAt = header?.indexOf('path') ?? 0
  const labelAt = header?.indexOf('label') ?? 1
  return rows.map((row) => ({ path: row[pathAt] ?? '', label: row[labelAt] ?? '' })).filter((r) => r.path !== '')
}

export function loadDataset(dir: string): Dataset {
  const pets = readLabels(dir, 'pets')
  return {
    dir,
    identity: pets.filter((r) => r.path.startsWith('pets/identity/')),
    breeds: pets.filter((r) => r.path.startsWith('pets/breeds/')),
    negatives: readLabels(dir, 'negatives'),
    people: readLabels(dir, 'people'),
  }
}

export const speciesOfBreed = (label: string) => (label.startsWith('cat:') ? 'cat' : 'dog')

/** mulberry32: a tiny seeded PRNG, so splits and training are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** Splits label names (identities or breeds), not photos: no animal or breed is in both parts. */
export function splitLabels(labels: readonly string[], trainFraction: number, seed: number) {
  const unique = [...new Set(labels)].sort()
  const order = shuffled(unique, seededRandom(seed))
  const cut = Math.round(order.length * trainFraction)
  return { train: order.slice(0, cut).sort(), test: order.slice(cut).sort() }
}
