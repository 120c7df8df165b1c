/**
 * The lowest cosine similarity that raises an alert, per embedding model: chosen by `npm run eval` so
 * that at most 1 % of comparisons against other animals and empty scenes would alert
 * (reports/eval.json → threshold). A new model id needs its own calibration.
 */
export const CALIBRATED_MIN_SIMILARITY: Readonly<Record<string, number>> = {
  'homeward-pet-embed-v1': 0.5018,
}
