import { pino, type Logger } from 'pino'
import { type AgentOptions, DEFAULT_RETENTION_MS } from '../agent.ts'
import type { FrameAnalyzer } from '../analyzer.ts'
import type { AgentPaths } from '../device.ts'

export type Flags = Record<string, string | boolean | string[] | undefined>

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Logs go to stderr as JSON lines, so stdout carries only what a command prints (e.g. --dry-run). */
export function createAgentLogger(level: string): Logger {
  return pino({ level, base: { app: 'homeward-agent' }, redact: { paths: ['token', '*.token', 'authorization'], remove: true } }, pino.destination(2))
}

export const str = (flags: Flags, name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined)

export function num(flags: Flags, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = str(flags, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be a number between ${min} and ${max}`)
  return value
}

/** The vision models take a few seconds to load: once per process, only for commands that analyse. */
export async function loadAnalyzer(logger: Logger): Promise<FrameAnalyzer> {
  const { createVisionPipeline } = await import('../../vision/index.ts')
  const pipeline = await createVisionPipeline()
  logger.info({ model: pipeline.modelId, detector: pipeline.detectorId, loadMs: Math.round(pipeline.loadMs) }, 'vision models loaded')
  return pipeline
}

export function agentOptionsFrom(flags: Flags, paths: AgentPaths, logger: Logger, analyzer: FrameAnalyzer): AgentOptions {
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
