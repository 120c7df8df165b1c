// Pure: what an operator and the logs are told about a verification of the anchored audit log.
import type { AnchoredAuditCheck } from './audit-anchor.service.ts'

/** One line per finding: what failed, at which seq and why; an intact log says how much it vouches for. */
export function describeAuditCheck(check: AnchoredAuditCheck): string[] {
  const lines: string[] = []
  if (check.chain.ok) lines.push(`hash chain: ok (${check.chain.rows} rows)`)
  else lines.push(`hash chain: BROKEN at seq ${check.chain.brokenAtSeq}: ${check.chain.reason}`)
  if (check.anchor.ok)
    lines.push(`checkpoints: ok (${check.anchor.checkpoints}, anchored through seq ${check.anchor.anchoredThroughSeq})`)
  else lines.push(`checkpoints: BROKEN at seq ${check.anchor.brokenAtSeq}: ${check.anchor.reason}`)
  lines.push(`rows after the last checkpoint (not yet vouched for): ${check.unanchoredRows}`)
  return lines
}

/** The fields of a failed check that go to the error log: seqs and reasons only, never a row's content. */
export function failureOf(check: AnchoredAuditCheck) {
  return {
    ...(!check.chain.ok && { chain: { brokenAtSeq: check.chain.brokenAtSeq, reason: check.chain.reason } }),
    ...(!check.anchor.ok && { anchor: { brokenAtSeq: check.anchor.brokenAtSeq, reason: check.anchor.reason } }),
  }
}
