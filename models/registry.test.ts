import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CALIBRATED_MIN_SIMILARITY } from '../src/matches/thresholds.ts'
import { MODELS_DIR } from './loaders.ts'
import {
  DEFAULT_DETECTOR_MODEL_ID, DEFAULT_EMBEDDING_MODEL_ID, findDetectorModel, findEmbeddingModel, listDetectorModels, listEmbeddingModels,
} from './registry.ts'

describe('model registry', () => {
  it('gives every model its own id: an id names one computation, and lookups return the first match', () => {
    const ids = [...listEmbeddingModels(), ...listDetectorModels()].map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('has the files every entry names', () => {
    for (const m of listEmbeddingModels()) {
      for (const file of [m.backboneOnnxFile, m.headFile].filter((f) => f !== undefined)) expect(existsSync(join(MODELS_DIR, file)), `${m.id}: ${file}`).toBe(true)
    }
    for (const d of listDetectorModels()) if (d.onnxFile) expect(existsSync(join(MODELS_DIR, d.onnxFile)), `${d.id}: ${d.onnxFile}`).toBe(true)
  })

  it('defaults to registered models, and the default embedding has a calibrated match threshold', () => {
    expect(findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)).toBeDefined()
    expect(findDetectorModel(DEFAULT_DETECTOR_MODEL_ID)).toBeDefined()
    expect(CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]).toBeGreaterThan(0)
  })
})
