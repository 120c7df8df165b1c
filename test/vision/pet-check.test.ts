import { describe, expect, it } from 'vitest'
import { loadPetCheck, petProbability } from '../../src/vision/pet-check.ts'
import { findEmbeddingModel, DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'

describe('pet check', () => {
  it('is a logistic on the standardised, L2-normalised feature', () => {
    const check = { mean: Float32Array.from([0, 0]), std: Float32Array.from([1, 1]), weights: Float32Array.from([2, -2]), bias: 0 }
    expect(petProbability(check, Float32Array.from([3, 0]))).toBeCloseTo(1 / (1 + Math.exp(-2)), 6) // [3, 0] → [1, 0]
    expect(petProbability(check, Float32Array.from([0, 5]))).toBeCloseTo(1 / (1 + Math.exp(2)), 6)
    expect(() => petProbability(check, Float32Array.from([1, 2, 3]))).toThrow(/2-d/)
  })

  it('ships with the default model, sized for its backbone features', async () => {
    const info = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!
    const check = await loadPetCheck(info.petCheckFile!)
    expect(check.weights).toHaveLength(1792)
    expect(check.threshold).toBeGreaterThan(0)
    expect(check.threshold).toBeLessThan(1)
  })
})
