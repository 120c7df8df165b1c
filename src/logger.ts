import { pino, type Logger } from 'pino'

export type { Logger }

// Request bodies are never logged: they may carry a camera's location or a lost pet's last-seen point.
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], remove: true },
  })
}
