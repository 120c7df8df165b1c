// Overlapping tiles of a frame for the detector (DetectOptions.tiles): pure geometry and pixel copies.
import type { Box } from './boxes.ts'
import type { RgbImage } from './image.ts'

const SIDE = 0.6

/** A 2×2 grid of tiles, each 60 % of the frame's width and height (20 % overlap), in frame fractions. */
export const TILES: readonly Box[] = [0, 1 - SIDE].flatMap((y) =>
  [0, 1 - SIDE].map((x) => ({ x, y, width: SIDE, height: SIDE })),
)

/** The pixels of `tile` (fractions of `image`). */
export function cropImage(image: RgbImage, tile: Box): RgbImage {
  const x0 = Math.round(tile.x * image.width),
    y0 = Math.round(tile.y * image.height)
  const width = Math.max(1, Math.round(tile.width * image.width)),
    height = Math.max(1, Math.round(tile.height * image.height))
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 3
    data.set(image.data.subarray(from, from + width * 3), y * width * 3)
  }
  return { data, width, height }
}

const EDGE = 0.01

/**
 * Maps a box found in `tile` (fractions of the tile) to fractions of the frame, or undefined when it touches
 * an edge of the tile that is not an edge of the frame (the object goes on outside the tile).
 */
export function tileEdgeBox(box: Box, tile: Box): Box | undefined {
  const cut =
    (box.x < EDGE && tile.x > 0) ||
    (box.y < EDGE && tile.y > 0) ||
    (box.x + box.width > 1 - EDGE && tile.x + tile.width < 1) ||
    (box.y + box.height > 1 - EDGE && tile.y + tile.height < 1)
  if (cut) return undefined
  return {
    x: tile.x + box.x * tile.width,
    y: tile.y + box.y * tile.height,
    width: box.width * tile.width,
    height: box.height * tile.height,
  }
}
