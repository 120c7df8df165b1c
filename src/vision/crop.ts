import type { Box } from './boxes.ts'
import { tf } from './tf.ts'

/**
 * Cuts `boxes` out of a [1, h, w, 3] image tensor and resizes each to `size`², returning
 * [n, size, size, 3] (n = boxes.length, or 2n with the mirrored crops appended when `withMirror`).
 */
export function cropBoxes(image: tf.Tensor4D, boxes: readonly Box[], size: number, withMirror: boolean): tf.Tensor4D {
  return tf.tidy(() => {
    const coords = boxes.map((b) => [b.y, b.x, b.y + b.height, b.x + b.width])
    const crops = tf.image.cropAndResize(image, tf.tensor2d(coords, [boxes.length, 4]), tf.zeros([boxes.length], 'int32'), [size, size], 'bilinear')
    return withMirror ? tf.concat([crops, tf.image.flipLeftRight(crops)]) : crops
  })
}
