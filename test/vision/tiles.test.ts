import { describe, expect, it } from 'vitest'
import { cropImage, TILES, tileEdgeBox } from '../../src/vision/tiles.ts'

describe('detector tiles', () => {
  it('cover the frame with four overlapping tiles', () => {
    expect(TILES).toHaveLength(4)
    for (const t of TILES) expect(t.x + t.width).toBeLessThanOrEqual(1 + 1e-9)
    expect(Math.min(...TILES.map((t) => t.x))).toBe(0)
    expect(Math.max(...TILES.map((t) => t.x + t.width))).toBeCloseTo(1, 9)
  })

  it('copies the pixels of a tile', () => {
    const data = Uint8Array.from({ length: 10 * 5 * 3 }, (_, i) => Math.floor(i / 3) % 256)
    const tile = cropImage({ data, width: 10, height: 5 }, { x: 0.4, y: 0.2, width: 0.6, height: 0.6 })
    expect(tile.width).toBe(6)
    expect(tile.height).toBe(3)
    expect(tile.data[0]).toBe(1 * 10 + 4) // pixel (4, 1) of the frame
    expect(tile.data[(2 * 6 + 5) * 3]).toBe(3 * 10 + 9) // pixel (9, 3)
  })

  it('maps a box inside a tile to the frame and drops one cut by an inner edge', () => {
    const bottomRight = { x: 0.4, y: 0.4, width: 0.6, height: 0.6 }
    const inner = tileEdgeBox({ x: 0.5, y: 0.5, width: 0.25, height: 0.25 }, bottomRight)
    expect(inner?.x).toBeCloseTo(0.7, 9)
    expect(inner?.width).toBeCloseTo(0.15, 9)
    expect(tileEdgeBox({ x: 0, y: 0.5, width: 0.2, height: 0.2 }, bottomRight)).toBeUndefined() // cut at the tile's left edge
    expect(tileEdgeBox({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 }, bottomRight)).toBeDefined() // the frame's own corner
  })
})
