import type { Species } from '../contracts/species.ts'
import type { Box, RgbImage } from '../vision/index.ts'

/**
 * What the agent needs from the vision pipeline; `createVisionPipeline()` satisfies it, and tests can
 * pass a stand-in that reads synthetic frames.
 */
export interface FrameAnalyzer {
  readonly modelId: string
  analyze(image: RgbImage): Promise<{
    readonly pets: readonly { species: Species; box: Box; score: number; embedding: Float32Array }[]
    readonly hasPeople: boolean
  }>
  detect(image: RgbImage): Promise<readonly { species: string; box: Box; score: number }[]>
}
