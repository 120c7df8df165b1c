// IEEE half precision through @petamoriken/float16 (the TC39 Float16Array ponyfill): round to nearest, ties to
// even, as PostgreSQL's halfvec and onnxruntime convert. Node 24's own Float16Array can replace it.
import { getFloat16, setFloat16 } from '@petamoriken/float16'

const view = new DataView(new ArrayBuffer(2))

/** The half-precision bits of `value`. */
export function float16Bits(value: number): number {
  setFloat16(view, 0, value)
  return view.getUint16(0)
}

/** The number a half-precision bit pattern stands for. */
export function float16Value(bits: number): number {
  view.setUint16(0, bits)
  return getFloat16(view, 0)
}
