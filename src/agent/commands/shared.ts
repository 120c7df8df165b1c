import { pino, type Logger } from 'pino'
import { AgentError, type AgentOptions, DEFAULT_RETENTION_MS } from '../agent.ts'
import type { FrameAnalyzer } from '../analyzer.ts'
import { type AgentPaths, loadDevice, loadToken } from '../device.ts'
import { classifyFailure, createServerClient, type ServerClient } from '../server-client.ts'

export { openLocalSnapshots } from '../local-snapshots.ts'

export type Flags = Record<string, string | boolean | string[] | undefined>

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Logs go to stderr as JSON lines, so stdout carries only what a command prints (e.g. --dry-run). */
export function createAgentLogger(level: string): Logger {
  return pino(
    { level, base: { app: 'homeward-agent' }, redact: { paths: ['token', '*.token', 'authorization'], remove: true } },
    pino.destination(2),
  )
}

export const str = (flags: Flags, name: string) =>
  typeof flags[name] === 'string' ? (flags[name] as string) : undefined

export function num(
  flags: Flags,
  name: string,
  fallback: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const raw = str(flags, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`--${name} must be a number between ${min} and ${max}`)
  return value
}

/** The vision models take a few seconds to load: once per process, only for commands that analyse. */
export async function loadAnalyzer(logger: Logger): Promise<FrameAnalyzer> {
  const { createVisionPipeline } = await import('../../vision/index.ts')
  const pipeline = await createVisionPipeline()
  logger.info(
    { model: pipeline.modelId, detector: pipeline.detectorId, loadMs: Math.round(pipeline.loadMs) },
    'vision models loaded',
  )
  return pipeline
}

export function agentOptionsFrom(
  flags: Flags,
  paths: AgentPaths,
  logger: Logger,
  analyzer: FrameAnalyzer,
): AgentOptions {
  return {
    paths,
    logger,
    analyzer,
    mode: flags.private ? 'private' : 'standard',
    dryRun: Boolean(flags['dry-run']),
    retentionMs: num(flags, 'retention-days', DEFAULT_RETENTION_MS / 86_400_000, { min: 0.001, max: 365 }) * 86_400_000,
    maxHashDistance: num(flags, 'dedupe-bits', 6, { min: 0, max: 256 }),
    privateMatch: { defaultThreshold: num(flags, 'match-threshold', 0.8, { min: 0, max: 1 }) },
  }
}

/** The server client with this camera's token, for one-shot commands (`alerts`, `share`). */
export async function pairedClient(paths: AgentPaths): Promise<ServerClient> {
  const device = await loadDevice(paths)
  const token = await loadToken(paths)
  if (device && token) return createServerClient(device.server, token)
  throw device
    ? new AgentError(
        'REVOKED',
        'This agent’s token was refused by the server (consent revoked or lapsed). Pair again: homeward-agent pair <server> <code>',
      )
    : new AgentError('NOT_PAIRED', 'Not paired yet. Run: homeward-agent pair <server> <code>')
}

/** 401/403 from a one-shot command: say so as `run` would (exit 3); other server errors pass through. */
export function explainRevoked(err: unknown): never {
  if (classifyFailure(err) === 'revoked') {
    throw new AgentError(
      'REVOKED',
      `The server refused this camera’s token (${(err as Error).message}): consent revoked or lapsed. Pair again: homeward-agent pair <server> <code>`,
    )
  }
  throw err
}
