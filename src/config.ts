import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../models/registry.ts'
import { CALIBRATED_MIN_SIMILARITY } from './matches/thresholds.ts'
import { DEFAULT_RETENTION } from './retention/retention.rules.ts'

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional())

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
    AUTH_SECRET: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RETENTION_SWEEP_CRON: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'must be a 5-field cron expression')
      .default('*/5 * * * *'),
    AUDIT_VERIFY_CRON: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'must be a 5-field cron expression')
      .default('17 4 * * *'),
    RETENTION_CLOSED_SEARCH_DAYS: z.coerce.number().int().min(0).max(3650).default(DEFAULT_RETENTION.closedSearchDays),
    RETENTION_FOUND_REPORT_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(DEFAULT_RETENTION.expiredFoundReportDays),
    RETENTION_RELAY_IDLE_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_RETENTION.relayIdleDays),
    RETENTION_OUTBOX_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_RETENTION.outboxDays),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
    TRUSTED_ORIGINS: optionalString,
    SMTP_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
        .optional(),
    ),
    MAIL_FROM: z.string().default('Homeward <alerts@homeward.invalid>'),
    ALLOW_PRIVATE_WEBHOOKS: z.enum(['true', 'false']).default('false'),
    /** PEM file of an extra CA the Web Push sender trusts (a private push service, or a test's). */
    PUSH_CA_FILE: optionalString,
    MAP_TILE_URL: z
      .string()
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png')
      .refine(
        (v) => /^https?:\/\//.test(v) && v.includes('{z}') && v.includes('{x}') && v.includes('{y}'),
        'must be an http(s) URL with {z}, {x} and {y}',
      ),
    GEOCODER_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^https?:\/\//, 'must be an http(s) URL')
        .optional(),
    ),
    GEOCODER_KIND: z.enum(['nominatim', 'photon']).default('nominatim'),
    MATCH_MODEL_ID: z
      .string()
      .default(DEFAULT_EMBEDDING_MODEL_ID)
      .refine((id) => findEmbeddingModel(id) !== undefined, 'is not an embedding model in models/registry.ts'),
    MATCH_MIN_SIMILARITY: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(-1).max(1).optional()),
    MATCH_CODE_CACHE: z.enum(['on', 'off']).default('on'),
    HOMEWARD_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    METRICS_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    PHOTO_CHECK_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
  })
  .refine((e) => e.MATCH_MIN_SIMILARITY !== undefined || CALIBRATED_MIN_SIMILARITY[e.MATCH_MODEL_ID] !== undefined, {
    message: 'no calibrated threshold for MATCH_MODEL_ID: set it',
    path: ['MATCH_MIN_SIMILARITY'],
  })

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export type Config = ReturnType<typeof loadConfig>

/** Reads and validates the environment once, before the server binds a port; names the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const dataDir = path.resolve(e.DATA_DIR)
  const database = e.DATABASE_URL
    ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
    : ({ kind: 'pglite', dir: path.join(dataDir, 'pglite') } as const)
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    publicUrl,
    auth: {
      secret: e.AUTH_SECRET,
      trustedOrigins:
        e.TRUSTED_ORIGINS?.split(',')
          .map((s) => s.trim())
          .filter(Boolean) ?? [],
    },
    logLevel: e.LOG_LEVEL,
    retentionSweepCron: e.RETENTION_SWEEP_CRON,
    auditVerifyCron: e.AUDIT_VERIFY_CRON,
    retention: {
      closedSearchDays: e.RETENTION_CLOSED_SEARCH_DAYS,
      expiredFoundReportDays: e.RETENTION_FOUND_REPORT_DAYS,
      relayIdleDays: e.RETENTION_RELAY_IDLE_DAYS,
      outboxDays: e.RETENTION_OUTBOX_DAYS,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, logDir: path.join(dataDir, 'mail') },
    allowPrivateWebhooks: e.ALLOW_PRIVATE_WEBHOOKS === 'true',
    pushCaFile: e.PUSH_CA_FILE,
    matching: {
      modelId: e.MATCH_MODEL_ID,
      minSimilarity: e.MATCH_MIN_SIMILARITY ?? CALIBRATED_MIN_SIMILARITY[e.MATCH_MODEL_ID]!,
    },
    codeCache: e.MATCH_CODE_CACHE === 'on',
    /** all: API and workers; api: HTTP only (jobs are enqueued for a worker process); worker: jobs, and only /health, /ready, /metrics over HTTP. */
    role: e.HOMEWARD_ROLE,
    metricsToken: e.METRICS_TOKEN,
    /** Set: a worker process also checks photos for the API on Workers (src/photos/photo-check.routes.ts, docs/edge.md). */
    photoCheckToken: e.PHOTO_CHECK_TOKEN,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    web: {
      tileUrl: e.MAP_TILE_URL,
      geocoder: e.GEOCODER_URL ? { kind: e.GEOCODER_KIND, url: e.GEOCODER_URL } : undefined,
    },
  }
}
