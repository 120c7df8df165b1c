import type { PgBoss } from 'pg-boss'
import { JOB_HEARTBEAT_SECONDS } from '../src/jobs/boss.ts'
import { backfillPhotoMasks, type PhotoBackfillDeps } from '../src/photos/photo-backfill.service.ts'

export const PHOTO_MASK_BACKFILL_QUEUE = 'photo-mask-backfill'

/**
 * The one-off re-masking of photos stored before people were masked (issue #20), as a job sent once at each start:
 * with no backlog it is one query per photo table; with one, it works through it in batches, marking each photo as
 * it goes, so a crash or a stop resumes where it was (the heartbeat hands a killed run's job to the next start).
 */
export async function startPhotoMaskBackfill(boss: PgBoss, deps: PhotoBackfillDeps) {
  await boss.createQueue(PHOTO_MASK_BACKFILL_QUEUE, {
    policy: 'singleton',
    retryLimit: 5,
    retryBackoff: true,
    heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
  })
  await boss.work(PHOTO_MASK_BACKFILL_QUEUE, async () => backfillPhotoMasks(deps))
  await boss.send(PHOTO_MASK_BACKFILL_QUEUE, {})
}
