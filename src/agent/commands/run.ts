import type { Logger } from 'pino'
import { createAgent } from '../agent.ts'
import type { AgentPaths } from '../device.ts'
import { folderSource } from '../sources/folder.ts'
import { frigateSourceFrom } from './frigate-flags.ts'
import { httpSnapshotSource } from '../sources/http-snapshot.ts'
import type { FrameAnalyzer } from '../analyzer.ts'
import type { FrameSource } from '../sources/source.ts'
import { startShareRequestPoller } from './share-requests.ts'
import { createPreviewSender } from '../preview/preview-sender.ts'
import { startShareRequestWait } from './share-request-wait.ts'
import { agentOptionsFrom, type Flags, loadAnalyzer, num, pairedClient, str, UsageError } from './shared.ts'
import { homeAssistantFrom, homeAssistantOptionsFrom } from './homeassistant-flags.ts'
import { openAgentDb, writeState } from '../store/db.ts'

export function sourcesFrom(flags: Flags, logger: Logger): FrameSource[] {
  const sources: FrameSource[] = []
  const folder = str(flags, 'folder')
  if (folder) {
    sources.push(
      folderSource(
        {
          dir: folder,
          includeExisting: Boolean(flags['folder-existing']),
          deleteProcessed: Boolean(flags['delete-processed']),
        },
        logger,
      ),
    )
  }
  const url = str(flags, 'snapshot-url')
  if (url)
    sources.push(
      httpSnapshotSource({ url, intervalMs: num(flags, 'interval', 5, { min: 0.2, max: 3600 }) * 1000 }, logger),
    )
  const frigate = frigateSourceFrom(flags, logger)
  if (frigate) sources.push(frigate)
  if (!sources.length)
    throw new UsageError('run needs at least one source: --folder, --snapshot-url or --frigate-mqtt/--frigate-http')
  return sources
}

export interface RunDeps {
  readonly analyzer?: FrameAnalyzer
  /** Stops the run as SIGINT/SIGTERM would (for embedding the agent, and for tests). */
  readonly signal?: AbortSignal
}

/** Runs until SIGINT/SIGTERM, or until the server revokes this camera (exit code 3). */
export async function runCommand(paths: AgentPaths, flags: Flags, logger: Logger, deps: RunDeps = {}): Promise<number> {
  const sources = sourcesFrom(flags, logger)
  homeAssistantOptionsFrom(flags) // a bad --ha-* flag is a usage error before anything starts
  const analyzer = deps.analyzer ?? (await loadAnalyzer(logger))
  let exitCode = 0
  let stopping: Promise<void> | undefined
  const agent = await createAgent({
    ...agentOptionsFrom(flags, paths, logger, analyzer),
    onRevoked: () => {
      exitCode = 3
      void shutdown()
    },
  })
  // A dry run sends nothing, shares included; an unpaired agent has no alerts to poll.
  const client = flags['dry-run'] ? undefined : await pairedClient(paths).catch(() => undefined)
  const runState = flags['dry-run'] ? undefined : openAgentDb(paths.database)
  const homeAssistant = runState && client ? await homeAssistantFrom(flags, runState, logger) : undefined
  if (str(flags, 'ha-mqtt') && !homeAssistant)
    logger.warn(
      'home assistant: needs a paired agent that is not in --dry-run (it announces the server’s alerts); not started',
    )
  // The camera owner's private previews ride on the same poll (src/agent/preview/).
  const previews = client && createPreviewSender({ paths, client, logger })
  const shareRequests =
    client &&
    startShareRequestPoller({
      paths,
      client,
      logger,
      analyzer,
      intervalMs: num(flags, 'share-poll', 60, { min: 0.2, max: 3600 }) * 1000,
      // An agent with nothing to send learns of a revocation here: it stops as the uploader's 401 would stop it.
      onRevoked: (err) => void agent.revoked(err),
      onAlerts: (alerts) => Promise.all([homeAssistant?.announce(alerts), previews?.offer(alerts)]),
    })
  // Shares asked for on the web start within seconds: a long-poll beside the timed poll (which stays for old servers).
  const shareWait =
    shareRequests &&
    (await startShareRequestWait(paths, {
      logger,
      onRequests: () => shareRequests.pollOnce(),
      onRevoked: (err) => void agent.revoked(err),
    }))
  // What this run listens to, for `homeward-agent status` (which reads it from agent.db).
  const noteRun = (running: boolean) =>
    runState &&
    writeState(
      runState,
      'run',
      JSON.stringify({
        running,
        pid: process.pid,
        at: new Date().toISOString(),
        mode: flags.private ? 'private' : 'standard',
        sources: sources.map((s) => ({ name: s.name, ...s.describe?.() })),
        ...(homeAssistant && { homeAssistant: homeAssistant.describe() }),
      }),
    )
  const noteTimer = setInterval(() => noteRun(true), 30_000)
  noteTimer.unref()
  const shutdown = () =>
    (stopping ??= (async () => {
      logger.info('stopping')
      clearInterval(noteTimer)
      await Promise.all(sources.map((s) => s.stop().catch(() => undefined)))
      await shareWait?.stop()
      await shareRequests?.stop()
      await agent.stop()
      noteRun(false)
      await homeAssistant?.stop()
      runState?.close()
    })())
  agent.start()
  for (const source of sources) {
    await source.start(
      (frame) =>
        void agent
          .processFrame(frame, { mayDrop: !frame.event })
          .catch((err: Error) => logger.error({ source: frame.source, err: err.message }, 'frame failed')),
      (eventId) =>
        void agent
          .endEvent(eventId)
          .catch((err: Error) => logger.error({ event: eventId, err: err.message }, 'event sighting failed')),
    )
  }
  noteRun(true)
  logger.info(
    {
      mode: flags.private ? 'private' : 'standard',
      dryRun: Boolean(flags['dry-run']),
      sources: sources.map((s) => s.name),
    },
    'agent running',
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
    deps.signal?.addEventListener('abort', () => resolve(), { once: true })
    const poll = setInterval(() => stopping && resolve(), 200)
    poll.unref()
  })
  await shutdown()
  if (exitCode === 3) {
    process.stderr.write(
      'homeward-agent: the server refused this camera (its consent was revoked or has lapsed), so the agent stopped; its queue is deleted and nothing more is sent. To take part again, give consent on the camera’s page and pair anew: homeward-agent pair <server> <code>\n',
    )
  }
  return exitCode
}
