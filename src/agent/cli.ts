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
import { MqttUrlError } from './sources/mqtt-connection.ts'

export const USAGE = `homeward-agent: turns your camera's snapshots into pet embeddings; images never leave this machine
(unless you choose to share one with the share command, sealed to the pet owner's key).

usage: homeward-agent [--data-dir DIR] [--log-level LEVEL] [--help] <command>

  pair <server> <code>     exchange the one-time code from the web app for this camera's token
  run                      analyse snapshots from the sources below and send pet embeddings
      --folder DIR             watch a folder for new snapshots (--folder-existing: also those there now,
                               --delete-processed: remove each once analysed)
      --snapshot-url URL       poll a camera's snapshot URL (--interval SECONDS, default 5)
      --frigate-mqtt URL --frigate-http URL
                               Frigate NVR: its MQTT events (mqtt://user:pass@host:1883) and its HTTP API
                               on the local network: http://host:5000 (internal, no login) or
                               https://user@host:8971 (Frigate's login; password via --frigate-password-file)
        --frigate-password-file FILE  the Frigate user's password, read from a file (not the command line)
        --frigate-topic PREFIX        Frigate's mqtt.topic_prefix (default frigate)
        --frigate-camera NAME         only this Frigate camera (repeatable; default: all)
        --frigate-zone NAME           only animals that entered this Frigate zone (repeatable; default: anywhere)
        --frigate-label dog|cat       only this label (repeatable; default: dog and cat; nothing else is ever taken)
        --frigate-min-score S         Frigate's top_score an animal must reach, 0-1 (default 0.6)
        --frigate-false-positives     also take events Frigate marked false_positive (default: skip them)
        --frigate-max-snapshots N     best-snapshot analyses per event at most (default 3); one sighting per event
        --frigate-hold SECONDS        send an event's sighting after this long even if it has not ended (default 60)
      --ha-mqtt URL            opt in: tell Home Assistant through MQTT discovery when a lost pet may have
                               passed one of your cameras (pet name, species, time; nothing else), e.g. the
                               broker Home Assistant uses: mqtt://user:pass@127.0.0.1:1883
        --ha-discovery-prefix P       Home Assistant's discovery prefix (default homeassistant)
        --ha-node-id ID               the device id in Home Assistant (default homeward_agent)
      --share-poll SECONDS     how often to look for new alerts and for shares you asked for on the web (default 60)
  status                   what is queued, kept and refused; whether the server still accepts this camera;
                           what the running (or last) run listens to: Frigate filters, Home Assistant
  backfill <dir>           analyse every snapshot under a folder once (progress bar on stderr)
  alerts                   this camera's pending alerts: the pet, its sightings (snapshot still held
                           here or expired), whether the pet owner has enabled encrypted sharing (--json)
  share <alertId>          your decision, never automatic: send the pet owner one snapshot of that alert,
                           cropped to the pet, people painted over, no metadata, end-to-end encrypted
      --snapshot REF           which of the alert's snapshots (default: the most similar still held here)
      --accept-key FINGERPRINT the pet owner's new key, when they changed it after the alert (shown by alerts)

  for run and backfill:
      --dry-run                print what would be sent (stdout); write, queue and send nothing
      --private                sightings never leave this machine: match the area's active searches
                               here and report only "matched search Y at T with score S"
      --retention-days N       keep encrypted snapshots this long (default 7)
      --match-threshold S      private mode: similarity to report at, when the server names none (0.8)
      --dedupe-bits N          near-duplicate gate: difference-hash bits (of 256) for "same scene" (6)

  data dir: ${defaultDataDir()} unless --data-dir; the token and the snapshot key are 0600 files in it.`

export const OPTIONS = {
  'data-dir': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  folder: { type: 'string' },
  'folder-existing': { type: 'boolean' },
  'delete-processed': { type: 'boolean' },
  'snapshot-url': { type: 'string' },
  interval: { type: 'string' },
  'share-poll': { type: 'string' },
  'frigate-mqtt': { type: 'string' },
  'frigate-http': { type: 'string' },
  'frigate-camera': { type: 'string', multiple: true },
  'frigate-topic': { type: 'string' },
  'frigate-password-file': { type: 'string' },
  'frigate-zone': { type: 'string', multiple: true },
  'frigate-label': { type: 'string', multiple: true },
  'frigate-min-score': { type: 'string' },
  'frigate-false-positives': { type: 'boolean' },
  'frigate-max-snapshots': { type: 'string' },
  'frigate-hold': { type: 'string' },
  'ha-mqtt': { type: 'string' },
  'ha-discovery-prefix': { type: 'string' },
  'ha-node-id': { type: 'string' },
  'dry-run': { type: 'boolean' },
  private: { type: 'boolean' },
  'retention-days': { type: 'string' },
  'match-threshold': { type: 'string' },
  'dedupe-bits': { type: 'string' },
  snapshot: { type: 'string' },
  'accept-key': { type: 'string' },
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
    if (err instanceof UsageError || err instanceof MqttUrlError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`)
      return 2
    }
    if (err instanceof AgentError || err instanceof ServerError) {
      process.stderr.write(
        `homeward-agent: ${err.message}${err instanceof ServerError ? ` (${err.status} ${err.code})` : ''}\n`,
      )
      return err instanceof AgentError && err.code === 'REVOKED' ? 3 : 1
    }
    throw err
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2))
