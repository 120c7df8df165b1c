// Writes a tiny ONNX model by hand (protobuf wire format), so the ONNX path is tested with no download:
// pixel_values [N,3,H,W] → GlobalAveragePool → Flatten → MatMul(W 3×4) → image_embeds [N,4].

const varint = (n: number): number[] => {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}
const key = (field: number, wire: number) => varint(field * 8 + wire)
const int = (field: number, value: number) => [...key(field, 0), ...varint(value)]
const bytes = (field: number, payload: number[] | Uint8Array) => [
  ...key(field, 2),
  ...varint(payload.length),
  ...payload,
]
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')])

const FLOAT = 1
const dim = (d: number | string) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d))
const valueInfo = (name: string, dims: (number | string)[]) => [
  ...str(1, name),
  ...bytes(2, bytes(1, [...int(1, FLOAT), ...bytes(2, dims.flatMap(dim))])),
]
const node = (inputs: string[], outputs: string[], op: string) => [
  ...inputs.flatMap((i) => str(1, i)),
  ...outputs.flatMap((o) => str(2, o)),
  ...str(4, op),
]

export function tinyOnnxModel(
  weights: Float32Array = Float32Array.from([1, 0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5]),
): Uint8Array {
  const initializer = [
    ...int(1, 3),
    ...int(1, 4),
    ...int(2, FLOAT),
    ...str(8, 'W'),
    ...bytes(9, new Uint8Array(weights.buffer.slice(0))),
  ]
  const graph = [
    ...bytes(1, node(['pixel_values'], ['pooled'], 'GlobalAveragePool')),
    ...bytes(1, node(['pooled'], ['flat'], 'Flatten')),
    ...bytes(1, node(['flat', 'W'], ['image_embeds'], 'MatMul')),
    ...str(2, 'tiny'),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo('pixel_values', ['batch', 3, 'height', 'width'])),
    ...bytes(12, valueInfo('image_embeds', ['batch', 4])),
  ]
  const model = [
    ...int(1, 8),
    ...str(2, 'homeward-test'),
    ...bytes(7, graph),
    ...bytes(8, [...str(1, ''), ...int(2, 13)]),
  ]
  return Uint8Array.from(model)
}
