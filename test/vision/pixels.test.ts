// The runtime-independent input preparation must reproduce the tfjs kernels the models were calibrated
// with (resizeBilinear with aligned corners, cropAndResize incl. its float32 edge rounding, the exposure gain).
import { beforeAll, describe, expect, it } from 'vitest'
import { type Box, letterbox, WHOLE_IMAGE } from '../../src/vision/boxes.ts'
import type { RgbImage } from '../../src/vision/image.ts'
import { cropPixels, letterboxPixels, normaliseCrops } from '../../src/vision/pixels.ts'
import { initTensorflow, tf } from '../../src/vision/tf.ts'

function pattern(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3)
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + Math.floor(i / (width * 3)) * 11) % 256
  return { data, width, height }
}
const tensorOf = (image: RgbImage) => tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3])
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length)
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!))
  return d
}

beforeAll(async () => {
  await initTensorflow()
})

describe('model input preparation', () => {
  it.each([
    [500, 333],
    [333, 500],
    [640, 480],
    [64, 64],
  ])('letterboxes a %i×%i frame like tfjs resizeBilinear + pad (plain and mirrored)', async (w, h) => {
    const image = pattern(w, h)
    const lb = letterbox(w, h, 512)
    for (const mirror of [false, true]) {
      const expected = tf.tidy(() => {
        let resized = tf.image.resizeBilinear(tensorOf(image), [lb.height, lb.width], true)
        if (mirror) resized = tf.image.flipLeftRight(resized)
        return tf.pad(resized, [
          [0, 0],
          [lb.padY, 512 - lb.height - lb.padY],
          [lb.padX, 512 - lb.width - lb.padX],
          [0, 0],
        ])
      })
      expect(maxDiff(letterboxPixels(image, lb, 512, mirror), await expected.data())).toBeLessThan(1e-3)
      expected.dispose()
    }
  })

  it('crops boxes like tfjs cropAndResize, including edge rows tfjs leaves black', async () => {
    const image = pattern(500, 333)
    const boxes: Box[] = [
      WHOLE_IMAGE,
      { x: 0.25, y: 0, width: 0.75, height: 1 },
      { x: 0.1, y: 0.268394, width: 0.6, height: 0.731606 },
      { x: 0.3333, y: 0.1, width: 0.4, height: 0.6 },
    ]
    const expected = tf.tidy(() => {
      const coords = tf.tensor2d(
        boxes.map((b) => [b.y, b.x, b.y + b.height, b.x + b.width]),
        [boxes.length, 4],
      )
      const crops = tf.image.cropAndResize(
        tensorOf(image),
        coords,
        tf.zeros([boxes.length], 'int32'),
        [224, 224],
        'bilinear',
      )
      return tf.concat([crops, tf.image.flipLeftRight(crops)])
    })
    expect(maxDiff(cropPixels(image, boxes, 224, true), await expected.data())).toBeLessThan(1e-3)
    expected.dispose()
  })

  it('brightens dark crops to a mean of 0.45, at most ×4, and leaves bright ones as they are', () => {
    const dark = new Float32Array(300).fill(51) // 0.2 → ×2.24
    const bright = new Float32Array(300).fill(204)
    const both = normaliseCrops(Float32Array.of(...dark, ...bright), 2, 'gain')
    expect(both[0]).toBeCloseTo(0.2 * (0.45 / 0.201), 5)
    expect(both[300]).toBeCloseTo(0.8, 6)
    expect(normaliseCrops(new Float32Array(3).fill(2.55), 1, 'gain')[0]).toBeCloseTo(0.04, 6) // capped at ×4
  })
})
