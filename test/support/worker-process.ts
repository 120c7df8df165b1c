// The match and notification workers alone, in their own process, as `npm start` runs them, so a test
// can SIGKILL them mid-job. Reads WORKER_DATABASE_URL, WORKER_MAIL_DIR and WORKER_POLL_SECONDS (0.5);
// prints "ready" once polling.
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/connect.ts'
import { createLogger } from '../../src/logger.ts'
import { createChannels } from '../../src/notifications/notification.channels.ts'
import { createNodeRuntime } from '../../src/runtime/node-runtime.ts'

const url = process.env.WORKER_DATABASE_URL!
const config = loadConfig({ DATABASE_URL: url, MATCH_CODE_CACHE: 'off', LOG_LEVEL: 'silent' })
const runtime = await createNodeRuntime(config, {
  logger: createLogger('silent'),
  database: await openDatabase({ kind: 'postgres', url, maxConnections: 4 }),
  channels: createChannels(
    { from: 'crash-test@homeward.invalid', logDir: process.env.WORKER_MAIL_DIR! },
    'http://localhost:8787',
    { outbound: { allowPrivate: true } },
  ),
  jobQueue: { superviseIntervalSeconds: 1 },
  pollingIntervalSeconds: Number(process.env.WORKER_POLL_SECONDS ?? 0.5),
})
await runtime.startWorkers(['notifications', 'match'])
process.stdout.write('ready\n')
