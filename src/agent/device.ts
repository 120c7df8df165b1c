import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** Everything the agent keeps lives in one folder the owner can inspect, back up, or delete. */
export interface AgentPaths {
  readonly dir: string
  readonly device: string
  readonly token: string
  readonly key: string
  readonly database: string
  readonly snapshots: string
}

export const defaultDataDir = (home = os.homedir()) => path.join(home, '.homeward-agent')

export function agentPaths(dir: string): AgentPaths {
  const root = path.resolve(dir)
  return {
    dir: root,
    device: path.join(root, 'device.json'),
    token: path.join(root, 'token'),
    key: path.join(root, 'snapshot.key'),
    database: path.join(root, 'agent.db'),
    snapshots: path.join(root, 'snapshots'),
  }
}

/** What pairing taught the agent; the token itself is kept apart, in a 0600 file. */
export interface DeviceInfo {
  readonly server: string
  readonly cameraId: string
  readonly retentionHours: number
  readonly pairedAt: string
}

export async function ensureDataDir(paths: AgentPaths) {
  await fs.mkdir(paths.dir, { recursive: true, mode: 0o700 })
  await fs.mkdir(paths.snapshots, { recursive: true, mode: 0o700 })
}

/** Writes a secret so that no other user can read it, even if the file existed with looser permissions. */
export async function writePrivateFile(file: string, data: string | Uint8Array) {
  const tmp = `${file}.${process.pid}.tmp`
  await fs.writeFile(tmp, data, { mode: 0o600 })
  await fs.chmod(tmp, 0o600)
  await fs.rename(tmp, file)
}

export async function saveDevice(paths: AgentPaths, device: DeviceInfo, token: string) {
  await ensureDataDir(paths)
  await writePrivateFile(paths.token, `${token}\n`)
  await writePrivateFile(paths.device, `${JSON.stringify(device, null, 2)}\n`)
}

const readIfExists = (file: string) =>
  fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined
    throw err
  })

export async function loadDevice(paths: AgentPaths): Promise<DeviceInfo | undefined> {
  const text = await readIfExists(paths.device)
  return text === undefined ? undefined : (JSON.parse(text) as DeviceInfo)
}

export async function loadToken(paths: AgentPaths): Promise<string | undefined> {
  return (await readIfExists(paths.token))?.trim() || undefined
}

/** A refused token is useless and secret: remove it so a stale copy cannot be replayed from a backup. */
export async function forgetToken(paths: AgentPaths) {
  await fs.rm(paths.token, { force: true })
}
