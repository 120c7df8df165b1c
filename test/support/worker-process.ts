// The match and notification workers alone, in their own process, as `npm start` runs them, so a test
// can SIGKILL them mid-job. Reads WORKER_DATABASE_URL, WORKER_MAIL_DIR and WORKER_POLL_SECONDS (0.5);
// prints "ready" once polling.
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../models/registry.ts'
import { AlertEvents } from '../../src/alerts/alert.events.ts'
import { openDatabase } from '../../src/db/connect.ts'
import { startJobQueue } from '../../src/jobs/boss.ts'
import { createLogger } from '../../src/logger.ts'
import { createMatchQueues } from '../../src/matches/match.queue.ts'
import { CALIBRATED_MIN_SIMILARITY } from '../../src/matches/thresholds.ts'
import { createChannels } from '../../src/notifications/notification.channels.ts'
import { createNotifier } from '../../src/notifications/notification.queue.ts'
import { startMatchWorkers } from '../../workers/match-worker.ts'
import { startNotificationWorker } from '../../workers/notification-worker.ts'

const url = process.env.WORKER_DATABASE_URL!
const logger = createLogger('silent')
const pollingIntervalSeconds = Number(process.env.WORKER_POLL_SECONDS ?? 0.5)
const database = await openDatabase({ kind: 'postgres', url, maxConnections: 4 })
const boss = await startJobQueue({ kind: 'postgres', url }, { onError: (err) => console.error('job queue error', err), superviseIntervalSeconds: 1 })
await createMatchQueues(boss)
const notifier = await createNotifier(boss)
const channels = createChannels({ from: 'crash-test@homeward.invalid', logDir: process.env.WORKER_MAIL_DIR! }, 'http://localhost:8787', { outbound: { allowPrivate: true } })
await startNotificationWorker(boss, { db: database.db, channels }, logger, { pollingIntervalSeconds })
const matching = { modelId: DEFAULT_EMBEDDING_MODEL_ID, minSimilarity: CALIBRATED_MIN_SIMILARITY[DEFAULT_EMBEDDING_MODEL_ID]! }
await startMatchWorkers(boss, { db: database.db, matching, notifier, alertEvents: new AlertEvents() }, logger, { pollingIntervalSeconds })
process.stdout.write('ready\n')
