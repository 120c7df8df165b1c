import { describe, expect, it } from 'vitest'
import { fromLetterbox, iou, letterbox, nonMaxSuppression, squareCropBox } from '../../src/vision/boxes.ts'
import { selectPets } from '../../src/vision/analyze.ts'
import type { Detection } from '../../src/vision/detect.ts'
import { affine, cosineSimilarity, l2Normalize } from '../../src/vision/vector.ts'

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height })
const det = (species: Detection['species'], b: ReturnType<typeof box>, score = 0.9): Detection => ({
  species,
  label: species,
  box: b,
  score,
})

describe('box geometry', () => {
  it('maps letterboxed detector pixels back to image fractions', () => {
    const lb = letterbox(640, 480, 512) // 512×384, padded 64 px top and bottom
    expect(lb).toMatchObject({ width: 512, height: 384, padX: 0, padY: 64 })
    const b = fromLetterbox(lb, 0, 64, 256, 256)
    expect(b.x).toBeCloseTo(0)
    expect(b.y).toBeCloseTo(0)
    expect(b.width).toBeCloseTo(0.5)
    expect(b.height).toBeCloseTo(0.5)
  })

  it('suppresses overlapping boxes and keeps the best', () => {
    const kept = nonMaxSuppression(
      [
        { box: box(0, 0, 0.5, 0.5), score: 0.6 },
        { box: box(0.02, 0.02, 0.5, 0.5), score: 0.9 },
        { box: box(0.6, 0.6, 0.3, 0.3), score: 0.4 },
      ],
      0.5,
    )
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.4])
    expect(iou(box(0, 0, 1, 1), box(0, 0, 0.5, 1))).toBeCloseTo(0.5)
  })

  it('makes square crops that stay inside the image', () => {
    const c = squareCropBox(box(0.9, 0.1, 0.1, 0.2), 1000, 500)
    expect(c.width * 1000).toBeCloseTo(c.height * 500)
    expect(c.x + c.width).toBeLessThanOrEqual(1 + 1e-9)
    expect(c.y).toBeGreaterThanOrEqual(0)
  })
})

describe('people rules', () => {
  it('never keeps a pet box that lies inside a person box', () => {
    const result = selectPets([det('person', box(0.2, 0, 0.5, 1)), det('dog', box(0.3, 0.3, 0.2, 0.2))])
    expect(result.pets).toEqual([])
    expect(result.hasPeople).toBe(true)
  })

  it('flags a large person as the main subject even with a small pet in a corner', () => {
    const result = selectPets([det('person', box(0.2, 0, 0.6, 1)), det('cat', box(0.85, 0.85, 0.1, 0.1))])
    expect(result.pets).toHaveLength(1)
    expect(result.personIsMainSubject).toBe(true)
  })

  it('accepts a pet photo with a small passer-by', () => {
    const result = selectPets([det('dog', box(0.1, 0.1, 0.7, 0.8)), det('person', box(0.85, 0.1, 0.1, 0.3))])
    expect(result.pets).toHaveLength(1)
    expect(result.personIsMainSubject).toBe(false)
  })
})

describe('vector math', () => {
  it('normalises and compares', () => {
    const v = l2Normalize([3, 4])
    expect([...v]).toEqual([expect.closeTo(0.6), expect.closeTo(0.8)])
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0)
    expect([...l2Normalize([0, 0])]).toEqual([0, 0])
    expect([...affine([1, 2], Float32Array.from([1, 0, 0, 1]), Float32Array.from([0.5, 0]))]).toEqual([1.5, 2])
  })
})
