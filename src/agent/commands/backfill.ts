import fs from 'node:fs/promises'
import path from 'node:path'
import { SingleBar } from 'cli-progress'
import type { Logger } from 'pino'
import { createAgent } from '../agent.ts'
import type { AgentPaths } from '../device.ts'
import { IMAGE_EXTENSIONS } from '../sources/source.ts'
import { agentOptionsFrom, type Flags, loadAnalyzer, UsageError } from './shared.ts'

async function listImages(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && IMAGE_EXTENSIONS.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
}

/** Analyses every snapshot under a folder (capture time: file mtime), then sends what it found once. */
export async function backfillCommand(paths: AgentPaths, dir: string | undefined, flags: Flags, logger: Logger) {
  if (!dir) throw new UsageError('usage: homeward-agent backfill <dir>')
  const files = await listImages(dir)
  const analyzer = await loadAnalyzer(logger)
  const agent = await createAgent(agentOptionsFrom(flags, paths, logger, analyzer))
  const tally: Record<string, number> = {}
  const bar = new SingleBar({
    format: 'backfill [{bar}] {value}/{total} {percentage}% | eta {eta_formatted} | {pets} with pets',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  })
  bar.start(files.length, 0, { pets: 0 })
  for (const file of files) {
    const [bytes, stat] = await Promise.all([fs.readFile(file), fs.stat(file)])
    const outcome = await agent.processFrame({
      source: `backfill:${path.resolve(dir)}`,
      bytes,
      capturedAt: stat.mtime,
      label: path.relative(dir, file),
    })
    tally[outcome.kind] = (tally[outcome.kind] ?? 0) + 1
    bar.increment(1, { pets: tally.sighted ?? 0 })
  }
  bar.stop()
  if (flags.private) await agent.refreshFeed()
  const delivery = await agent.flush()
  await agent.stop()
  const sent =
    delivery === 'drained'
      ? 'sent'
      : delivery === 'revoked'
        ? 'NOT sent: consent revoked'
        : 'queued: the server is not reachable now; `run` sends it later'
  return `backfill: ${files.length} files, ${Object.entries(tally)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}; ${flags['dry-run'] ? 'dry run: nothing sent' : sent}`
}
