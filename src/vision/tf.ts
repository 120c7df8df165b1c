import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import type { RgbImage } from './image.ts'

let ready: Promise<void> | undefined

/**
 * Selects the WebAssembly backend once per process: the same code then runs on a camera and on the
 * server with no native build. Falls back to the (slow) pure-JS CPU backend if WASM cannot start.
 */
export function initTensorflow(): Promise<void> {
  ready ??= (async () => {
    const ok = await tf.setBackend('wasm').catch(() => false)
    if (!ok) await tf.setBackend('cpu')
    await tf.ready()
  })()
  return ready
}

/** The image as a float32 [1, h, w, 3] tensor with values 0–255. The caller disposes it. */
export function imageTensor(image: RgbImage): tf.Tensor4D {
  return tf.tidy(() => tf.tensor3d(image.data, [image.height, image.width, 3], 'int32').toFloat().expandDims(0) as tf.Tensor4D)
}

export { tf }
