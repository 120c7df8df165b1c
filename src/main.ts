import { loadConfigOrExit } from './config-cli.ts'
import { createLogger } from './logger.ts'
import { startServer } from './server.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel)
const server = await startServer(config, logger)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests')
    server.stop().then(
      () => {
        logger.info('stopped')
        process.exit(0)
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
