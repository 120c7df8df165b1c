import sharp from 'sharp'
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import type { MatchSettings } from '../../src/matches/match.service.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../../src/matches/thresholds.ts'
import type { PetPhotoAnalyzer } from '../../src/photos/pet-photo.ts'
import type { TestApp, TestUser } from './app.ts'
import { catPhoto } from './images.ts'

/** Matching as the server runs it: the default model at its calibrated threshold. */
export const CALIBRATED_MATCHING: MatchSettings = {
  modelId: DEFAULT_EMBEDDING_MODEL_ID,
  minSimilarity: CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]!,
}

/** The embedding a camera sends for the test cat seen mirrored, as from another angle: it matches the search photo. */
export async function mirroredCatEmbedding(petPhotos: PetPhotoAnalyzer): Promise<number[]> {
  const mirrored = await sharp(await catPhoto())
    .flop()
    .toBuffer()
  return Array.from((await petPhotos.findPet(mirrored, 'snap')).embedding)
}

/** The camera owner's first alert, polled every 250 ms while the match worker works; undefined if none came. */
export async function firstAlertId(t: TestApp, user: TestUser, tries = 60): Promise<string | undefined> {
  for (let i = 0; i < tries; i++) {
    const id = (await (await t.request('/api/alerts', { user })).json()).alerts[0]?.id as string | undefined
    if (id) return id
    await new Promise((r) => setTimeout(r, 250))
  }
  return undefined
}
