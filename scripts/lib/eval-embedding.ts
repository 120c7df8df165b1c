// Embedding figures for one model on the rows its head never saw: retrieval, threshold, robustness.
import type { EmbeddingHead } from '../../models/loaders.ts'
import { applyHead } from '../../src/vision/embed.ts'
import { dot, l2Normalize } from '../../src/vision/vector.ts'
import { type Dataset, type LabelledImage, speciesOfBreed } from './data.ts'
import type { FeatureCache, Variant } from './features.ts'
import { signCodeBound } from '../../src/matches/match.rules.ts'
import {
  crossSimilarities,
  pairSimilarities,
  rateAtOrAbove,
  retrieval,
  signCodeCheck,
  thresholdForFalseAlertRate,
} from './metrics.ts'

export const MAX_FALSE_ALERT_RATE = 0.01
const ROBUSTNESS: Variant[] = ['ir', 'lowlight', 'blur', 'occluded']
const round = (v: number) => Math.round(v * 10000) / 10000

export async function embeddingFigures(
  dataset: Dataset,
  cache: FeatureCache,
  head: EmbeddingHead | undefined,
  exclude: ReadonlySet<string>,
) {
  const project = (f: Float32Array) => (head ? applyHead(head, f) : l2Normalize(f))
  const embedAll = async (rows: readonly LabelledImage[], variant: Variant) =>
    Promise.all(rows.map(async (r) => project(await cache.feature(r.path, variant, dataset.identity.indexOf(r)))))

  const identityRows = dataset.identity.filter((r) => !exclude.has(r.label))
  const identityLabels = identityRows.map((r) => r.label)
  const identity = await embedAll(identityRows, 'whole')
  const breedRows = dataset.breeds.filter((r) => !exclude.has(r.label))
  const breedLabels = breedRows.map((r) => r.label)
  const breedCrops = await embedAll(breedRows, 'crop')
  const breedWhole = await embedAll(breedRows, 'whole')
  const bySpecies = (species: 'dog' | 'cat') => {
    const keep = breedRows.map((r) => speciesOfBreed(r.label) === species)
    return retrieval(
      breedCrops.filter((_, i) => keep[i]),
      breedLabels.filter((_, i) => keep[i]),
    )
  }
  const scenes = await embedAll(dataset.negatives, 'whole')

  // False alerts: a lost dog's photo against other dogs, other animals (breed photos) and empty scenes.
  const pairs = pairSimilarities(identity, identityLabels)
  const otherAnimals = crossSimilarities(identity, breedCrops)
  const emptyScenes = crossSimilarities(identity, scenes)
  const impostor = [...pairs.impostor, ...otherAnimals, ...emptyScenes]
  // ≤ 1 % against each kind separately (not just pooled), so plentiful easy scenes cannot hide other dogs.
  const perKind = {
    other_dogs: thresholdForFalseAlertRate(pairs.impostor, MAX_FALSE_ALERT_RATE),
    other_animals: thresholdForFalseAlertRate(otherAnimals, MAX_FALSE_ALERT_RATE),
    empty_scenes: thresholdForFalseAlertRate(emptyScenes, MAX_FALSE_ALERT_RATE),
    pooled: thresholdForFalseAlertRate(impostor, MAX_FALSE_ALERT_RATE),
  }
  const threshold = Math.max(...Object.values(perKind))
  const curve = Array.from({ length: 101 }, (_, i) => i / 100).map((t) => ({
    threshold: t,
    false_alert_rate: rateAtOrAbove(impostor, t),
    match_rate: rateAtOrAbove(pairs.genuine, t),
  }))

  // Matching scores exactly only sightings whose sign bits lie within signCodeBound of the search photo's:
  // count the pairs at or above the threshold that the bound would have dropped (goal 0).
  const signCode = signCodeCheck(
    [...identity, ...breedCrops],
    threshold,
    signCodeBound(identity[0]?.length ?? 0, threshold),
  )

  // Robustness: a degraded copy of each held-out photo queries the clean photos of everyone else.
  const robustness: Record<string, { r1: number; r5: number; match_rate_at_threshold: number }> = {}
  for (const variant of ROBUSTNESS) {
    const degraded = await embedAll(identityRows, variant)
    let hits1 = 0,
      hits5 = 0,
      queries = 0,
      genuineAbove = 0,
      genuineTotal = 0
    degraded.forEach((query, qi) => {
      const label = identityLabels[qi]
      const ranked = identity
        .map((clean, i) => ({ i, sim: dot(query, clean) }))
        .filter((r) => r.i !== qi) // the clean copy of the same photo would be a trivial match
        .sort((a, b) => b.sim - a.sim)
      const genuine = ranked.filter((r) => identityLabels[r.i] === label)
      if (genuine.length === 0) return
      queries++
      if (identityLabels[ranked[0]?.i ?? -1] === label) hits1++
      if (ranked.slice(0, 5).some((r) => identityLabels[r.i] === label)) hits5++
      genuineTotal += genuine.length
      genuineAbove += genuine.filter((r) => r.sim >= threshold).length
    })
    robustness[variant] = {
      r1: round(hits1 / Math.max(1, queries)),
      r5: round(hits5 / Math.max(1, queries)),
      match_rate_at_threshold: round(genuineAbove / Math.max(1, genuineTotal)),
    }
  }

  const breedsCrop = retrieval(breedCrops, breedLabels)
  const breedsWhole = retrieval(breedWhole, breedLabels)
  const ident = retrieval(identity, identityLabels)
  // The same held-out queries against every dog in the folder (training dogs as distractors): a gallery as
  // large as the 150-dog baseline figure, a little optimistic for a head that has seen the distractors.
  const allIdentity = await embedAll(dataset.identity, 'whole')
  const vsAll = retrieval(
    allIdentity,
    dataset.identity.map((r) => r.label),
    (i) => !exclude.has(dataset.identity[i]?.label ?? ''),
  )
  return {
    identity: {
      r1: round(ident.r1),
      r5: round(ident.r5),
      map: round(ident.map),
      queries: ident.queries,
      identities: new Set(identityLabels).size,
      vs_all_dogs: {
        r1: round(vsAll.r1),
        r5: round(vsAll.r5),
        map: round(vsAll.map),
        gallery_identities: new Set(dataset.identity.map((r) => r.label)).size,
      },
    },
    breeds: {
      r1: round(breedsCrop.r1),
      r5: round(breedsCrop.r5),
      map: round(breedsCrop.map),
      queries: breedsCrop.queries,
      breeds: new Set(breedLabels).size,
      whole_image: { r1: round(breedsWhole.r1), r5: round(breedsWhole.r5) },
      by_species: { dog: round(bySpecies('dog').r1), cat: round(bySpecies('cat').r1) },
    },
    threshold: {
      similarity: round(threshold),
      max_cosine_distance: round(1 - threshold),
      false_alert_rate: round(rateAtOrAbove(impostor, threshold)),
      false_alert_rate_by_kind: {
        other_dogs: round(rateAtOrAbove(pairs.impostor, threshold)),
        other_animals: round(rateAtOrAbove(otherAnimals, threshold)),
        empty_scenes: round(rateAtOrAbove(emptyScenes, threshold)),
      },
      match_rate: round(rateAtOrAbove(pairs.genuine, threshold)),
      threshold_by_kind: Object.fromEntries(Object.entries(perKind).map(([k, v]) => [k, round(v)])),
      impostor_pairs: impostor.length,
      genuine_pairs: pairs.genuine.length,
    },
    sign_code: signCode,
    robustness,
    curve,
  }
}
