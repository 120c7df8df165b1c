import { describe, expect, it } from 'vitest'
import { detectorClassScores, loadPetCheck, petProbability } from '../../src/vision/pet-check.ts'
import { findEmbeddingModel, DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'

describe('pet check', () => {
  it('is a logistic on the standardised, L2-normalised feature', () => {
    const check = {
      mean: Float32Array.from([0, 0]),
      std: Float32Array.from([1, 1]),
      weights: Float32Array.from([2, -2]),
      bias: 0,
    }
    expect(petProbability(check, Float32Array.from([3, 0]))).toBeCloseTo(1 / (1 + Math.exp(-2)), 6) // [3, 0] → [1, 0]
    expect(petProbability(check, Float32Array.from([0, 5]))).toBeCloseTo(1 / (1 + Math.exp(2)), 6)
    expect(() => petProbability(check, Float32Array.from([1, 2, 3]))).toThrow(/2-d/)
  })

  it("appends the detector's class scores for the box, unnormalised, after the feature", () => {
    const box = { x: 0.1, y: 0.1, width: 0.4, height: 0.4 }
    const detections = [
      { label: 'bear', score: 0.4, box: { x: 0.12, y: 0.1, width: 0.4, height: 0.38 } },
      { label: 'bear', score: 0.2, box },
      { label: 'sheep', score: 0.9, box: { x: 0.6, y: 0.6, width: 0.3, height: 0.3 } }, // elsewhere in the frame
    ]
    expect(
      [...detectorClassScores(['bear', 'sheep', 'cow'], detections, box)].map((v) => Math.round(v * 100) / 100),
    ).toEqual([0.4, 0, 0])
    const check = {
      mean: Float32Array.from([0, 0, 0]),
      std: Float32Array.from([1, 1, 1]),
      weights: Float32Array.from([0, 0, -3]),
      bias: 1,
    }
    expect(petProbability(check, Float32Array.from([3, 0]), Float32Array.from([0.5]))).toBeCloseTo(
      1 / (1 + Math.exp(0.5)),
      6,
    )
    expect(() => petProbability(check, Float32Array.from([3, 0]))).toThrow(/3-d/)
  })

  it('ships with the default model, sized for its backbone features', async () => {
    const info = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!
    const check = await loadPetCheck(info.petCheckFile!)
    expect(check.weights).toHaveLength(1792)
    expect(check.threshold).toBeGreaterThan(0)
    expect(check.threshold).toBeLessThan(1)
  })
})
