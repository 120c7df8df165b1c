// Maps a TF.js graph model (model.json topology + decoded weights) to an ONNX graph, op by op, for the
// ops our two vendored graphs use (CenterNet-MobileNetV3 and MobileNetV2). Image tensors are kept NCHW
// inside the ONNX graph (what onnxruntime's convolutions want); the graph input stays NHWC as in TF, and
// a tensor is transposed back to NHWC only where a layout-dependent op (Reshape, TopK …) needs it.
import { float16Bits } from './float16.ts'
import {
  DataType,
  type DataTypeId,
  type GraphSpec,
  type NodeSpec,
  type TensorValue,
  type ValueSpec,
} from './onnx-proto.ts'

export interface TfNode {
  name: string
  op: string
  input?: string[]
  attr?: Record<
    string,
    {
      s?: string
      i?: string
      f?: number
      b?: boolean
      type?: string
      list?: { i?: string[]; s?: string[] }
      shape?: { dim?: { size: string }[] }
    }
  >
}
export interface ConstTensor {
  readonly shape: readonly number[]
  readonly dtype: 'float32' | 'int32'
  readonly data: Float32Array | Int32Array
  /** How model.json stores it: convolution filters keep that compact form in the ONNX file too. */
  readonly quantization?: { readonly dtype: 'float16' | 'uint8'; readonly scale?: number; readonly min?: number }
}
type Dtype = 'float32' | 'int32' | 'bool'
interface Converted {
  readonly name: string
  readonly layout: 'nchw' | 'plain'
  readonly dtype: Dtype
  readonly rank?: number
}

export interface ConvertRequest {
  readonly nodes: readonly TfNode[]
  readonly weights: ReadonlyMap<string, ConstTensor>
  /** TF tensor names to expose as outputs; `pool` averages an NHWC feature map over H and W to [N, C]. */
  readonly outputs: readonly { readonly tensor: string; readonly name: string; readonly pool?: boolean }[]
  readonly graphName: string
}

const ONNX_TYPE: Record<Dtype, DataTypeId> = { float32: DataType.FLOAT, int32: DataType.INT32, bool: DataType.BOOL }
const TF_DTYPE: Record<string, Dtype> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_BOOL: 'bool' }
const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1]
const INT64_MAX = 9223372036854775807n
const b64 = (s?: string) => (s ? Buffer.from(s, 'base64').toString('utf8') : '')
const ints = (n: TfNode, key: string) => (n.attr?.[key]?.list?.i ?? []).map(Number)
const int64Raw = (values: readonly (number | bigint)[]) =>
  new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer)

export function convertTfjsGraph(req: ConvertRequest): GraphSpec {
  const byName = new Map(req.nodes.map((n) => [n.name, n]))
  const done = new Map<string, Converted>()
  const nodes: NodeSpec[] = []
  const initializers: TensorValue[] = []
  const inputs: ValueSpec[] = []
  let counter = 0
  const fresh = (base: string) => `${base}__${counter++}`
  const emit = (op: string, ins: string[], outs: string[], attributes?: NodeSpec['attributes']) => {
    nodes.push({ op, inputs: ins, outputs: outs, name: fresh(outs[0] ?? op), ...(attributes ? { attributes } : {}) })
  }
  const init = (base: string, dims: readonly number[], dataType: DataTypeId, raw: Uint8Array) => {
    const name = fresh(base)
    initializers.push({ name, dims, dataType, raw })
    return name
  }
  const int64Const = (base: string, values: readonly (number | bigint)[], dims = [values.length]) =>
    init(base, dims, DataType.INT64, int64Raw(values))

  const constOf = (ref: string): ConstTensor | undefined => {
    const node = byName.get(ref.split(':')[0]!)
    return node?.op === 'Const' ? req.weights.get(node.name) : undefined
  }
  const needConst = (ref: string) => constOf(ref) ?? fail(`${ref} must be a constant`)
  const fail = (message: string): never => {
    throw new Error(message)
  }
  const asNumbers = (c: ConstTensor) => Array.from(c.data as ArrayLike<number>)

  /** A constant as an initializer, shaped for broadcasting against a tensor of the given layout. */
  function constInput(c: ConstTensor, layout: Converted['layout'], base: string): string {
    const raw = new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength)
    const type = c.dtype === 'int32' ? DataType.INT32 : DataType.FLOAT
    if (layout === 'plain' || c.data.length === 1) return init(base, c.shape, type, raw)
    if (c.shape.length === 1) return init(base, [c.shape[0]!, 1, 1], type, raw)
    if (c.shape.length === 4 && c.shape[1] === 1 && c.shape[2] === 1)
      return init(base, [c.shape[0]!, c.shape[3]!, 1, 1], type, raw)
    return fail(`${base}: cannot broadcast a constant of shape ${c.shape} against NCHW`)
  }

  /**
   * A float filter stored as model.json stores it (float16, or uint8 codes with scale and min) and
   * expanded to float32 by Cast/Mul/Add nodes that onnxruntime folds away when it loads the graph.
   */
  function filterInput(
    base: string,
    dims: readonly number[],
    values: Float32Array,
    q: ConstTensor['quantization'],
  ): string {
    if (!q) return init(base, dims, DataType.FLOAT, new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    const expanded = fresh(`${base}_f32`)
    if (q.dtype === 'float16') {
      const bits = Uint16Array.from(values, float16Bits)
      emit('Cast', [init(base, dims, DataType.FLOAT16, new Uint8Array(bits.buffer))], [expanded], {
        to: DataType.FLOAT,
      })
      return expanded
    }
    const { scale = 1, min = 0 } = q
    const codes = Uint8Array.from(values, (v) => Math.round((v - min) / scale))
    const cast = fresh(`${base}_codes`),
      scaled = fresh(`${base}_scaled`)
    emit('Cast', [init(base, dims, DataType.UINT8, codes)], [cast], { to: DataType.FLOAT })
    emit(
      'Mul',
      [cast, init(`${base}_scale`, [], DataType.FLOAT, new Uint8Array(Float32Array.of(scale).buffer))],
      [scaled],
    )
    emit(
      'Add',
      [scaled, init(`${base}_min`, [], DataType.FLOAT, new Uint8Array(Float32Array.of(min).buffer))],
      [expanded],
    )
    return expanded
  }

  const plainCache = new Map<string, Converted>()
  function asPlain(t: Converted): Converted {
    if (t.layout === 'plain') return t
    const cached = plainCache.get(t.name)
    if (cached) return cached
    const name = fresh(`${t.name}_nhwc`)
    emit('Transpose', [t.name], [name], { perm: [0, 2, 3, 1] })
    const out = { name, layout: 'plain', dtype: t.dtype } as const
    plainCache.set(t.name, out)
    return out
  }

  function get(ref: string): Converted {
    if (ref.startsWith('^')) return fail(`control input ${ref}`)
    const key = ref.endsWith(':0') ? ref.slice(0, -2) : ref
    const existing = done.get(key)
    if (existing) return existing
    const [nodeName] = key.split(':')
    const node = byName.get(nodeName!) ?? fail(`no node ${nodeName}`)
    convert(node)
    return done.get(key) ?? fail(`${node.op} ${node.name} did not produce ${key}`)
  }

  function conv(n: TfNode, depthwise: boolean, fused: string[]) {
    const x = get(n.input![0]!)
    if (x.layout !== 'nchw') fail(`${n.name}: conv input must be an image tensor`)
    if (b64(n.attr?.data_format?.s) && b64(n.attr?.data_format?.s) !== 'NHWC') fail(`${n.name}: only NHWC`)
    const w = needConst(n.input![1]!)
    const [kh, kw, cin, cout] = w.shape as [number, number, number, number]
    const out = new Float32Array(w.data.length)
    // TF filters are HWIO (depthwise: H W C M); ONNX wants OIHW (depthwise: [C·M, 1, H, W], group C).
    for (let h = 0; h < kh; h++)
      for (let v = 0; v < kw; v++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) {
            const src = w.data[((h * kw + v) * cin + i) * cout + o]!
            out[depthwise ? ((i * cout + o) * kh + h) * kw + v : ((o * cin + i) * kh + h) * kw + v] = src
          }
    const dims = depthwise ? [cin * cout, 1, kh, kw] : [cout, cin, kh, kw]
    const ins = [x.name, filterInput(`${n.name}_w`, dims, out, w.quantization)]
    if (fused.includes('BiasAdd')) ins.push(constInput(needConst(n.input![2]!), 'plain', `${n.name}_b`))
    const strides = ints(n, 'strides'),
      dilations = ints(n, 'dilations')
    const padding = b64(n.attr?.padding?.s)
    const attributes = {
      kernel_shape: [kh, kw],
      strides: [strides[1] ?? 1, strides[2] ?? 1],
      dilations: [dilations[1] ?? 1, dilations[2] ?? 1],
      auto_pad:
        padding === 'SAME' ? 'SAME_UPPER' : padding === 'VALID' ? 'VALID' : fail(`${n.name}: padding ${padding}`),
      group: depthwise ? cin : 1,
    }
    const activation = fused.find((f) => f !== 'BiasAdd')
    const convOut = activation ? fresh(`${n.name}_conv`) : n.name
    emit('Conv', ins, [convOut], attributes)
    if (activation) unary(activation, convOut, n.name)
    done.set(n.name, { name: n.name, layout: 'nchw', dtype: 'float32' })
  }

  function unary(op: string, input: string, output: string) {
    if (op === 'Relu6')
      emit(
        'Clip',
        [
          input,
          constInput({ shape: [], dtype: 'float32', data: Float32Array.of(0) }, 'plain', 'zero'),
          constInput({ shape: [], dtype: 'float32', data: Float32Array.of(6) }, 'plain', 'six'),
        ],
        [output],
      )
    else if (op === 'Relu' || op === 'Sigmoid') emit(op, [input], [output])
    else fail(`unsupported activation ${op}`)
  }

  function binary(n: TfNode) {
    const [a, b] = n.input! as [string, string]
    const ca = constOf(a),
      cb = constOf(b)
    let ta = ca ? undefined : get(a),
      tb = cb ? undefined : get(b)
    if (ta && tb && ta.layout !== tb.layout) {
      ta = asPlain(ta)
      tb = asPlain(tb)
    }
    const ref = ta ?? tb ?? fail(`${n.name}: two constants`)
    const layout = ref.layout
    const ia = ta ? ta.name : constInput(ca!, layout, `${n.name}_a`)
    const ib = tb ? tb.name : constInput(cb!, layout, `${n.name}_b`)
    const dtype: Dtype = n.op === 'Equal' ? 'bool' : ref.dtype
    const out = (o: string) => done.set(n.name, { name: o, layout, dtype })
    switch (n.op) {
      case 'Add':
      case 'AddV2':
        emit('Add', [ia, ib], [n.name])
        break
      case 'Sub':
        emit('Sub', [ia, ib], [n.name])
        break
      case 'Mul':
        emit('Mul', [ia, ib], [n.name])
        break
      case 'RealDiv':
        emit('Div', [ia, ib], [n.name])
        break
      case 'Equal':
        emit('Equal', [ia, ib], [n.name])
        break
      // Integer FloorDiv/FloorMod: ONNX Div truncates (same as floor for the non-negative indices here); Mod fmod=0 floors.
      case 'FloorDiv':
        if (ref.dtype !== 'int32') fail(`${n.name}: float FloorDiv`)
        emit('Div', [ia, ib], [n.name])
        break
      case 'FloorMod':
        if (ref.dtype !== 'int32') fail(`${n.name}: float FloorMod`)
        emit('Mod', [ia, ib], [n.name], { fmod: 0 })
        break
      default:
        fail(`binary ${n.op}`)
    }
    out(n.name)
  }

  function convert(n: TfNode) {
    const input = (i: number) => get(n.input![i]!)
    const set = (layout: Converted['layout'], dtype: Dtype, name = n.name) => done.set(n.name, { name, layout, dtype })
    switch (n.op) {
      case 'Placeholder': {
        const dims = (n.attr?.shape?.shape?.dim ?? []).map((d, i) =>
          Number(d.size) < 0 ? (i === 0 ? 'batch' : `d${i}`) : Number(d.size),
        )
        inputs.push({ name: n.name, dataType: DataType.FLOAT, dims })
        if (dims.length !== 4) return set('plain', 'float32')
        const name = fresh(`${n.name}_nchw`)
        emit('Transpose', [n.name], [name], { perm: [0, 3, 1, 2] })
        return set('nchw', 'float32', name)
      }
      case 'Const':
        return fail(`${n.name}: constant used as a tensor`)
      case 'Identity':
        return void done.set(n.name, input(0))
      case '_FusedConv2D':
        return conv(n, false, (n.attr?.fused_ops?.list?.s ?? []).map(b64))
      case 'FusedDepthwiseConv2dNative':
        return conv(n, true, (n.attr?.fused_ops?.list?.s ?? []).map(b64))
      case 'Conv2D':
        return conv(n, false, [])
      case 'DepthwiseConv2dNative':
        return conv(n, true, [])
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid': {
        const x = input(0)
        unary(n.op, x.name, n.name)
        return set(x.layout, 'float32')
      }
      case 'Add':
      case 'AddV2':
      case 'Sub':
      case 'Mul':
      case 'RealDiv':
      case 'Equal':
      case 'FloorDiv':
      case 'FloorMod':
        return binary(n)
      case 'Cast': {
        const x = input(0)
        const to = TF_DTYPE[n.attr?.DstT?.type ?? ''] ?? fail(`${n.name}: cast to ${n.attr?.DstT?.type}`)
        emit('Cast', [x.name], [n.name], { to: ONNX_TYPE[to] })
        return set(x.layout, to)
      }
      case 'Mean': {
        const x = input(0)
        const axes = asNumbers(needConst(n.input![1]!)).map((a) => (a < 0 ? a + 4 : a))
        const keep = n.attr?.keep_dims?.b ? 1 : 0
        const mapped = x.layout === 'nchw' ? axes.map((a) => NHWC_TO_NCHW_AXIS[a]!) : axes
        if (x.layout === 'nchw' && !keep && axes.join() !== '1,2')
          fail(`${n.name}: mean over ${axes} without keep_dims`)
        emit('ReduceMean', [x.name, int64Const(`${n.name}_axes`, mapped)], [n.name], { keepdims: keep })
        return set(keep ? x.layout : 'plain', 'float32')
      }
      case 'ResizeBilinear': {
        const x = input(0)
        if (x.layout !== 'nchw') fail(`${n.name}: resize input must be an image tensor`)
        const size = asNumbers(needConst(n.input![1]!))
        const mode = n.attr?.align_corners?.b
          ? 'align_corners'
          : n.attr?.half_pixel_centers?.b
            ? 'half_pixel'
            : 'asymmetric'
        emit('Resize', [x.name, '', '', int64Const(`${n.name}_size`, size)], [n.name], {
          mode: 'linear',
          axes: [2, 3],
          coordinate_transformation_mode: mode,
        })
        return set('nchw', 'float32')
      }
      case 'ConcatV2': {
        const parts = n.input!.slice(0, -1).map((r) => get(r))
        const axis = asNumbers(needConst(n.input!.at(-1)!))[0]!
        const nchw = parts.every((p) => p.layout === 'nchw')
        const ins = nchw ? parts : parts.map(asPlain)
        emit(
          'Concat',
          ins.map((p) => p.name),
          [n.name],
          { axis: nchw ? NHWC_TO_NCHW_AXIS[axis < 0 ? axis + 4 : axis]! : axis },
        )
        return set(nchw ? 'nchw' : 'plain', parts[0]!.dtype)
      }
      case 'MaxPool': {
        const x = input(0)
        const k = ints(n, 'ksize'),
          s = ints(n, 'strides')
        const padding = b64(n.attr?.padding?.s)
        emit('MaxPool', [x.name], [n.name], {
          kernel_shape: [k[1]!, k[2]!],
          strides: [s[1]!, s[2]!],
          auto_pad: padding === 'SAME' ? 'SAME_UPPER' : 'VALID',
        })
        return set(x.layout, x.dtype)
      }
      case 'Reshape': {
        const x = asPlain(input(0))
        emit('Reshape', [x.name, int64Const(`${n.name}_shape`, asNumbers(needConst(n.input![1]!)))], [n.name])
        return set('plain', x.dtype)
      }
      case 'ExpandDims': {
        const x = asPlain(input(0))
        emit('Unsqueeze', [x.name, int64Const(`${n.name}_axis`, asNumbers(needConst(n.input![1]!)))], [n.name])
        return set('plain', x.dtype)
      }
      case 'TopKV2': {
        const x = asPlain(input(0))
        const k = asNumbers(needConst(n.input![1]!))
        const indices64 = fresh(`${n.name}_i64`)
        emit('TopK', [x.name, int64Const(`${n.name}_k`, k, [1])], [n.name, indices64], {
          axis: -1,
          largest: 1,
          sorted: 1,
        })
        emit('Cast', [indices64], [`${n.name}:1`], { to: DataType.INT32 }) // TF's indices are int32
        done.set(`${n.name}:1`, { name: `${n.name}:1`, layout: 'plain', dtype: 'int32' })
        return set('plain', x.dtype)
      }
      case 'GatherV2': {
        const params = asPlain(input(0)),
          indices = asPlain(input(1))
        if (Number(n.attr?.batch_dims?.i ?? 0) !== 0) fail(`${n.name}: batch_dims`)
        emit('Gather', [params.name, indices.name], [n.name], { axis: asNumbers(needConst(n.input![2]!))[0]! })
        return set('plain', params.dtype)
      }
      case 'StridedSlice':
        return stridedSlice(n)
      default:
        return fail(`unsupported op ${n.op} (${n.name})`)
    }
  }

  function stridedSlice(n: TfNode) {
    const x = asPlain(get(n.input![0]!))
    const [begin, end, strides] = [1, 2, 3].map((i) => asNumbers(needConst(n.input![i]!))) as [
      number[],
      number[],
      number[],
    ]
    const mask = (k: string) => Number(n.attr?.[k]?.i ?? 0)
    if (mask('ellipsis_mask') || mask('new_axis_mask') || mask('shrink_axis_mask'))
      fail(`${n.name}: unsupported StridedSlice masks`)
    const bit = (m: string, i: number) => (mask(m) >> i) & 1
    const starts = begin.map((b, i) => (bit('begin_mask', i) ? ((strides[i] ?? 1) > 0 ? 0n : -1n) : BigInt(b)))
    const ends = end.map((e, i) => (bit('end_mask', i) ? ((strides[i] ?? 1) > 0 ? INT64_MAX : -INT64_MAX) : BigInt(e)))
    emit(
      'Slice',
      [
        x.name,
        int64Const(`${n.name}_starts`, starts),
        int64Const(`${n.name}_ends`, ends),
        int64Const(
          `${n.name}_axes`,
          begin.map((_, i) => i),
        ),
        int64Const(`${n.name}_steps`, strides),
      ],
      [n.name],
    )
    done.set(n.name, { name: n.name, layout: 'plain', dtype: x.dtype })
  }

  const outputs: ValueSpec[] = req.outputs.map((o) => {
    const t = get(o.tensor)
    if (o.pool) {
      if (t.layout !== 'nchw') fail(`${o.tensor}: pool needs an image tensor`)
      emit('ReduceMean', [t.name, int64Const(`${o.name}_axes`, [2, 3])], [o.name], { keepdims: 0 })
      return { name: o.name, dataType: ONNX_TYPE[t.dtype] }
    }
    emit('Identity', [asPlain(t).name], [o.name])
    return { name: o.name, dataType: ONNX_TYPE[t.dtype] }
  })
  return { name: req.graphName, nodes, initializers, inputs, outputs }
}
