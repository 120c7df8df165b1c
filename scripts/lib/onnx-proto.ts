// A minimal ONNX protobuf writer (wire format by hand, field numbers from onnx/onnx.proto): enough for
// the graphs scripts/convert-tfjs-to-onnx.ts produces. No dependency: PyPI (and so onnx/tf2onnx) is unreachable.

type Bytes = Uint8Array

function varint(value: number | bigint): number[] {
  // Negative int64 values are written as 10-byte two's complement, as protobuf requires.
  let n = BigInt.asUintN(64, BigInt(value))
  const out: number[] = []
  while (n > 0x7fn) {
    out.push(Number(n & 0x7fn) | 0x80)
    n >>= 7n
  }
  out.push(Number(n))
  return out
}
const key = (field: number, wire: number) => Uint8Array.from(varint(field * 8 + wire))
const concat = (parts: Bytes[]): Bytes => Buffer.concat(parts)
const int = (field: number, value: number | bigint) => concat([key(field, 0), Uint8Array.from(varint(value))])
const bytes = (field: number, payload: Bytes) =>
  concat([key(field, 2), Uint8Array.from(varint(payload.length)), payload])
const str = (field: number, s: string) => bytes(field, Buffer.from(s, 'utf8'))
const float = (field: number, value: number) => {
  const b = Buffer.alloc(4)
  b.writeFloatLE(value)
  return concat([key(field, 5), b])
}

export const DataType = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10 } as const
export type DataTypeId = (typeof DataType)[keyof typeof DataType]

export interface TensorValue {
  readonly name: string
  readonly dims: readonly number[]
  readonly dataType: DataTypeId
  readonly raw: Bytes
}

export type AttributeValue = number | string | readonly number[] | { readonly float: number }

export interface NodeSpec {
  readonly op: string
  readonly inputs: readonly string[]
  readonly outputs: readonly string[]
  readonly name: string
  readonly attributes?: Readonly<Record<string, AttributeValue>>
}

export interface ValueSpec {
  readonly name: string
  readonly dataType: DataTypeId
  /** A number is a fixed size, a string a symbolic one (e.g. 'batch'); omitted: rank unknown. */
  readonly dims?: readonly (number | string)[]
}

export interface GraphSpec {
  readonly name: string
  readonly nodes: readonly NodeSpec[]
  readonly initializers: readonly TensorValue[]
  readonly inputs: readonly ValueSpec[]
  readonly outputs: readonly ValueSpec[]
}

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const

function attribute(name: string, value: AttributeValue): Bytes {
  const head = str(1, name)
  if (typeof value === 'number') return concat([head, int(3, value), int(20, ATTR.INT)])
  if (typeof value === 'string') return concat([head, bytes(4, Buffer.from(value, 'utf8')), int(20, ATTR.STRING)])
  if ('float' in value) return concat([head, float(2, value.float), int(20, ATTR.FLOAT)])
  return concat([head, ...value.map((v) => int(8, v)), int(20, ATTR.INTS)])
}

const tensor = (t: TensorValue) =>
  concat([...t.dims.map((d) => int(1, d)), int(2, t.dataType), str(8, t.name), bytes(9, t.raw)])

const node = (n: NodeSpec) =>
  concat([
    ...n.inputs.map((i) => str(1, i)),
    ...n.outputs.map((o) => str(2, o)),
    str(3, n.name),
    str(4, n.op),
    ...Object.entries(n.attributes ?? {}).map(([k, v]) => bytes(5, attribute(k, v))),
  ])

function valueInfo(v: ValueSpec): Bytes {
  const shape = v.dims
    ? [bytes(2, concat(v.dims.map((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)))))]
    : []
  return concat([str(1, v.name), bytes(2, bytes(1, concat([int(1, v.dataType), ...shape])))])
}

/** Serialises a model: IR version 8, default-domain opset `opset`. */
export function encodeModel(graph: GraphSpec, opset: number, producer: string): Bytes {
  const g = concat([
    ...graph.nodes.map((n) => bytes(1, node(n))),
    str(2, graph.name),
    ...graph.initializers.map((t) => bytes(5, tensor(t))),
    ...graph.inputs.map((v) => bytes(11, valueInfo(v))),
    ...graph.outputs.map((v) => bytes(12, valueInfo(v))),
  ])
  return concat([int(1, 8), str(2, producer), bytes(7, g), bytes(8, concat([str(1, ''), int(2, opset)]))])
}
