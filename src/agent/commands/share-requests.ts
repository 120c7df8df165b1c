import type { Logger } from 'pino'
import { AgentError } from '../agent.ts'
import { classifyFailure, type DeviceAlert, ServerError, type ServerClient } from '../server-client.ts'
import { shareAlert, type ShareAlertDeps } from './share.ts'

export interface ShareRequestPoller {
  /** One pass: shares every alert the owner asked for from the web. Returns the alert ids shared. */
  pollOnce(): Promise<string[]>
  stop(): Promise<void>
}

// Retrying these cannot help: the snapshot expired, shows no pet, or the server refuses the alert.
const FINAL = new Set(['SNAPSHOT_GONE', 'NO_PET', 'NOT_IN_ALERT', 'NO_SUCH_ALERT'])

/**
 * The owner's "share" pressed on the web: the server marks the alert, and this loop (in `run`) does
 * what `homeward-agent share <alert>` would. An alert without the pet owner's key yet is tried again
 * on the next poll; one that can never be shared is logged once and left alone.
 */
export function startShareRequestPoller(
  deps: ShareAlertDeps & {
    client: ServerClient
    logger: Logger
    intervalMs: number
    /** Every poll's alerts, for other listeners (Home Assistant) without a second request. */
    onAlerts?: (alerts: readonly DeviceAlert[]) => Promise<unknown>
    /** The server refused this camera's token (consent revoked or lapsed): polling stops for good. */
    onRevoked?: (err: ServerError) => void
  },
): ShareRequestPoller {
  const givenUp = new Set<string>()
  const waitingForKey = new Set<string>()
  let running: Promise<string[]> | undefined
  let stopped = false

  async function pass(): Promise<string[]> {
    const { alerts } = await deps.client.listAlerts()
    await deps
      .onAlerts?.(alerts)
      .catch((err: Error) =>
        deps.logger.warn({ err: err.message }, 'alert listener failed; will retry on the next poll'),
      )
    const shared: string[] = []
    for (const alert of alerts) {
      if (stopped) break
      if (!alert.shareRequested || givenUp.has(alert.id)) continue
      try {
        deps.logger.info(await shareAlert(deps, alert))
        shared.push(alert.id)
      } catch (err) {
        if (err instanceof AgentError && err.code === 'NO_SHARE_KEY') {
          if (!waitingForKey.has(alert.id)) deps.logger.info({ alertId: alert.id }, err.message)
          waitingForKey.add(alert.id)
        } else if (
          (err instanceof AgentError && FINAL.has(err.code)) ||
          (err instanceof ServerError && classifyFailure(err) === 'rejected')
        ) {
          deps.logger.warn({ alertId: alert.id, err: err.message }, 'requested share cannot be made')
          givenUp.add(alert.id)
        } else {
          throw err
        }
      }
    }
    return shared
  }

  const pollOnce = () => (running ??= pass().finally(() => (running = undefined)))
  const timer = setInterval(() => {
    pollOnce().catch((err: Error) => {
      if (classifyFailure(err) !== 'revoked')
        return deps.logger.warn({ err: err.message }, 'share request poll failed; will retry')
      clearInterval(timer)
      if (!stopped) deps.onRevoked?.(err as ServerError)
    })
  }, deps.intervalMs)
  timer.unref()

  return {
    pollOnce,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
  }
}
