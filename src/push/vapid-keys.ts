import fs from 'node:fs/promises'
import path from 'node:path'
import webpush from 'web-push'

export interface VapidKeys {
  /** Uncompressed P-256 point, base64url: what a browser passes to pushManager.subscribe as applicationServerKey. */
  readonly publicKey: string
  readonly privateKey: string
}

/**
 * The server's VAPID key pair, made on first start and kept (0600) in the data directory beside the
 * auth secret. It must outlive restarts: every browser subscription is bound to this public key.
 */
export async function loadOrCreateVapidKeys(dataDir: string): Promise<VapidKeys> {
  const file = path.join(dataDir, 'vapid-keys.json')
  try {
    return parseKeys(await fs.readFile(file, 'utf8'), file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await fs.mkdir(dataDir, { recursive: true })
  const keys = webpush.generateVAPIDKeys()
  // 'wx': when two processes start at once, the first file wins and both read it back.
  await fs.writeFile(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
  return parseKeys(await fs.readFile(file, 'utf8'), file)
}

function parseKeys(text: string, file: string): VapidKeys {
  const keys = JSON.parse(text) as Partial<VapidKeys>
  if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string')
    throw new Error(`${file} does not hold a VAPID key pair`)
  return { publicKey: keys.publicKey, privateKey: keys.privateKey }
}
