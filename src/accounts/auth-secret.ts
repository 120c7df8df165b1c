import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/** AUTH_SECRET when set; otherwise one generated on first start and kept (0600) in the data directory. */
export async function loadOrCreateAuthSecret(dataDir: string, configured: string | undefined): Promise<string> {
  if (configured) return configured
  const file = path.join(dataDir, 'auth-secret')
  try {
    return (await fs.readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await fs.mkdir(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
  return (await fs.readFile(file, 'utf8')).trim()
}

/** AUTH_SECRET or the kept one, never a new one: a command that verifies with a fresh secret would verify nothing. */
export async function readAuthSecret(dataDir: string, configured: string | undefined): Promise<string | undefined> {
  if (configured) return configured
  try {
    return (await fs.readFile(path.join(dataDir, 'auth-secret'), 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
