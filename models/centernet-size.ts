// The vendored CenterNet graph is built for a 512² input; these are the only constants that say so.
// Both the ONNX converter and the tfjs fallback rebuild it for another size with this one table, so the
// two runtimes run the same graph at every registered input size.

export const CENTERNET_VENDORED_SIZE = 512

/**
 * Size-bound int32 constants, as functions of the input size: the up-sampling targets of the feature
 * pyramid (strides 16, 8, 4) and the stride-4 output grid the top-k decoding reads (its width, and its
 * cell count for the box-size gather). Everything else — convolutions, SAME padding, the ×4 stride and
 * ×16 box-size scale in input pixels — does not depend on the size.
 */
const SIZE_CONSTANTS: Readonly<Record<string, (size: number) => number[]>> = {
  'tower_0/CenternetHead/c5_upsample/up_sampling2d/mul': (s) => [s / 16, s / 16],
  'tower_0/CenternetHead/c4_upsample/up_sampling2d_1/mul': (s) => [s / 8, s / 8],
  'tower_0/CenternetHead/c3_upsample/up_sampling2d_2/mul': (s) => [s / 4, s / 4],
  'tower_0/BatchGather/concat': (s) => [(s / 4) ** 2, 4],
  'tower_0/strided_slice_6': (s) => [s / 4],
}

const INPUT = 'tower_0/images'

interface GraphNode {
  name: string
  attr?: { shape?: { shape?: { dim?: { size: string }[] } } }
}

/**
 * Rewrites the graph for a `size`² input (a multiple of 32, the coarsest stride): the input placeholder's
 * shape in `nodes`, and each size-bound constant through `constant` (read the stored values, write the new
 * ones). Throws if anything it replaces is not what the vendored graph holds.
 */
export function resizeCenterNet(
  nodes: readonly GraphNode[],
  constant: { read(name: string): readonly number[] | undefined; write(name: string, values: number[]): void },
  size: number,
): void {
  if (size % 32 !== 0) throw new Error(`CenterNet input ${size} is not a multiple of 32 (its coarsest stride)`)
  for (const [name, at] of Object.entries(SIZE_CONSTANTS)) {
    const stored = constant.read(name)
    if (stored?.join() !== at(CENTERNET_VENDORED_SIZE).join()) {
      throw new Error(`${name}: expected [${at(CENTERNET_VENDORED_SIZE).join()}], found [${stored?.join() ?? 'nothing'}]`)
    }
    constant.write(name, at(size))
  }
  const dims = nodes.find((n) => n.name === INPUT)?.attr?.shape?.shape?.dim
  if (dims?.map((d) => d.size).join() !== `1,${CENTERNET_VENDORED_SIZE},${CENTERNET_VENDORED_SIZE},3`) throw new Error(`${INPUT}: unexpected input shape`)
  dims[1] = { size: String(size) }
  dims[2] = { size: String(size) }
}
