const view = new DataView(new ArrayBuffer(4))

/** IEEE half-precision bits of `value`; exact for values that came from float16 (round-to-nearest otherwise). */
export function float16Bits(value: number): number {
  view.setFloat32(0, value)
  const x = view.getUint32(0)
  const sign = (x >>> 16) & 0x8000
  const exponent = (x >>> 23) & 0xff
  const mantissa = x & 0x7fffff
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0) // Inf / NaN
  const e = exponent - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00 // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign // underflow → ±0
    const m = (mantissa | 0x800000) >>> (1 - e)
    return sign | ((m + 0x1000) >>> 13) // subnormal, rounded
  }
  const rounded = (e << 10) + ((mantissa + 0x1000) >>> 13) // a mantissa carry rolls into the exponent
  return sign | rounded
}
