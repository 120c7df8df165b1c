/**
 * The lowest cosine similarity that raises an alert, per embedding model: chosen by `npm run eval` so
 * that at most 1 % of comparisons against other animals and empty scenes would alert
 * (reports/eval.json → threshold). A new model id needs its own calibration.
 */
export const CALIBRATED_MIN_SIMILARITY: Readonly<Record<string, number>> = {
  // v2: the highest of the six cross-validation folds' ≤ 1 %-of-other-dogs thresholds (0.423–0.481; models/README.md).
  'homeward-pet-embed-v2': 0.481,
  'homeward-pet-embed-v1': 0.5018,
}
