import { pino, type DestinationStream, type Logger } from 'pino'

export type { Logger }

// Fields of a PostgreSQL error that name the failure, not the data: its message, detail, query, parameters and
// `where` may quote the values of the statement (an exact point, a message body, an e-mail).
const DATABASE_ERROR_FIELDS = [
  'code',
  'severity',
  'constraint',
  'constraint_name',
  'table',
  'table_name',
  'column',
  'column_name',
  'schema',
  'schema_name',
  'routine',
] as const
const SQLSTATE = /^[0-9A-Z]{5}$/

function isDatabaseError(err: Error): err is Error & Record<string, unknown> {
  const code: unknown = (err as { code?: unknown }).code
  return typeof code === 'string' && SQLSTATE.test(code) && ('severity' in err || 'routine' in err)
}

/** The stack's frames without its first line, which repeats the message. */
const framesOf = (stack: string | undefined) =>
  stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n')

/** Errors logged as `err` or `error`: a database error by its SQLSTATE and constraint only, its quoted values elided. */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value
  const cause = depth < 3 && value.cause !== undefined ? { cause: serializeError(value.cause, depth + 1) } : {}
  if (!isDatabaseError(value)) return { ...pino.stdSerializers.err(value), ...cause }
  const fields = Object.fromEntries(
    DATABASE_ERROR_FIELDS.filter((key) => typeof value[key] === 'string').map((key) => [key, value[key]]),
  )
  return {
    type: value.name,
    message: value.message.replace(/"[^"]*"|'[^']*'/g, '"…"'),
    ...fields,
    stack: framesOf(value.stack),
    ...cause,
  }
}

// Request bodies are never logged: they may carry a camera's location or a lost pet's last-seen point.
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], remove: true },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  )
}
