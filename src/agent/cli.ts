import { parseArgs } from 'node:util'
import { AgentError } from './agent.ts'
import { formatAlerts, listAlerts } from './commands/alerts.ts'
import { backfillCommand } from './commands/backfill.ts'
import { pairCommand } from './commands/pair.ts'
import { runCommand } from './commands/run.ts'
import { shareCommand } from './commands/share.ts'
import { createAgentLogger, UsageError } from './commands/shared.ts'
import { formatStatus, readStatus } from './commands/status.ts'
import { agentPaths, defaultDataDir } from './device.ts'
import { ServerError } from './server-client.ts'

export const USAGE = `homeward-agent: turns your camera's snapshots into pet embeddings; images never leave this machine
(unless you choose to share one with the share command, sealed to the pet owner's key).

usage: homeward-agent [--data-dir DIR] [--log-level LEVEL] <command>

  pair <server> <code>     exchange the one-time code from the web app for this camera's token
  run                      analyse snapshots from the sources below and send pet embeddings
      --folder DIR             watch a folder for new snapshots (--folder-existing: also those there now,
                               --delete-processed: remove each once analysed)
      --snapshot-url URL       poll a camera's snapshot URL (--interval SECONDS, default 5)
      --frigate-mqtt URL --frigate-http URL
                               Frigate NVR: MQTT frigate/events + the event snapshot API
                               (--frigate-camera NAME, repeatable; --frigate-topic PREFIX)
      --share-poll SECONDS     how often to look for shares you asked for on the web (default 60)
  status                   what is queued, kept and refused; whether the server still accepts this camera
  backfill <dir>           analyse every snapshot under a folder once (progress bar on stderr)
  alerts                   this camera's pending alerts: the pet, its sightings (snapshot still held
                           here or expired), whether the pet owner has enabled encrypted sharing (--json)
  share <alertId>          your decision, never automatic: send the pet owner one snapshot of that alert,
                           cropped to the pet, people painted over, no metadata, end-to-end encrypted
      --snapshot REF           which of the alert's snapshots (default: the most similar still held here)

  for run and backfill:
      --dry-run                print what would be sent (stdout); write, queue and send nothing
      --private                sightings never leave this machine: match the area's active searches
                               here and report only "matched search Y at T with score S"
      --retention-days N       keep encrypted snapshots this long (default 7)
      --match-threshold S      private mode: similarity to report at, when the server names none (0.8)
      --dedupe-bits N          near-duplicate gate: difference-hash bits (of 256) for "same scene" (6)

  data dir: ${defaultDataDir()} unless --data-dir; the token and the snapshot key are 0600 files in it.`

const OPTIONS = {
  'data-dir': { type: 'string' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' },
  folder: { type: 'string' }, 'folder-existing': { type: 'boolean' }, 'delete-processed': { type: 'boolean' },
  'snapshot-url': { type: 'string' }, interval: { type: 'string' }, 'share-poll': { type: 'string' },
  'frigate-mqtt': { type: 'string' }, 'frigate-http': { type: 'string' }, 'frigate-camera': { type: 'string', multiple: true }, 'frigate-topic': { type: 'string' },
  'dry-run': { type: 'boolean' }, private: { type: 'boolean' }, 'retention-days': { type: 'string' },
  'match-threshold': { type: 'string' }, 'dedupe-bits': { type: 'string' }, snapshot: { type: 'string' },
} as const

/** Returns the process exit code: 0 ok, 1 failure, 2 usage, 3 consent revoked. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  const { values: flags, positionals } = parsed
  const [command, ...args] = positionals
  if (flags.help || !command) {
    process.stdout.write(`${USAGE}\n`)
    return command || flags.help ? 0 : 2
  }
  const paths = agentPaths(flags['data-dir'] ?? defaultDataDir())
  const logger = createAgentLogger(flags['log-level'] ?? (command === 'backfill' ? 'warn' : 'info'))
  try {
    switch (command) {
      case 'pair':
        process.stdout.write(`${await pairCommand(paths, args[0], args[1], logger)}\n`)
        return 0
      case 'status': {
        const status = await readStatus(paths)
        process.stdout.write(`${flags.json ? JSON.stringify(status, null, 2) : formatStatus(status)}\n`)
        return status.revoked ? 3 : 0
      }
      case 'run':
        return await runCommand(paths, flags, logger)
      case 'backfill':
        process.stdout.write(`${await backfillCommand(paths, args[0], flags, logger)}\n`)
        return 0
      case 'alerts': {
        const alerts = await listAlerts(paths)
        process.stdout.write(`${flags.json ? JSON.stringify(alerts, null, 2) : formatAlerts(alerts)}\n`)
        return 0
      }
      case 'share':
        process.stdout.write(`${await shareCommand(paths, args[0], flags, logger)}\n`)
        return 0
      default:
        throw new UsageError(`unknown command: ${command}`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`)
      return 2
    }
    if (err instanceof AgentError || err instanceof ServerError) {
      process.stderr.write(`homeward-agent: ${err.message}${err instanceof ServerError ? ` (${err.status} ${err.code})` : ''}\n`)
      return err instanceof AgentError && err.code === 'REVOKED' ? 3 : 1
    }
    throw err
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2))
