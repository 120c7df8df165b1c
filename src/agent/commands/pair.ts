import type { Logger } from 'pino'
import { type AgentPaths, saveDevice } from '../device.ts'
import { createServerClient } from '../server-client.ts'
import { openAgentDb, writeState } from '../store/db.ts'
import { UsageError } from './shared.ts'

/** Exchanges the one-time code from the web app for this camera's device token (kept 0600). */
export async function pairCommand(
  paths: AgentPaths,
  server: string | undefined,
  code: string | undefined,
  logger: Logger,
) {
  if (!server || !code) throw new UsageError('usage: homeward-agent pair <server> <code>')
  let url: URL
  try {
    url = new URL(server)
  } catch {
    throw new UsageError(`not a URL: ${server}`)
  }
  if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    logger.warn({ server: url.origin }, 'pairing over plain http: the device token crosses the network unencrypted')
  }
  const paired = await createServerClient(url.origin).pair(code.trim())
  await saveDevice(
    paths,
    {
      server: url.origin,
      cameraId: paired.cameraId,
      retentionHours: paired.retentionHours,
      pairedAt: new Date().toISOString(),
    },
    paired.token,
  )
  const db = openAgentDb(paths.database)
  db.prepare("delete from state where key = 'revoked'").run() // a fresh pairing starts a fresh consent
  writeState(db, 'pairedAt', new Date().toISOString())
  db.close()
  return `Paired with ${url.origin} as camera ${paired.cameraId} (server keeps sightings ${paired.retentionHours} h). Token saved in ${paths.token} (0600).`
}
