import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const ROOT = path.resolve(import.meta.dirname, '../../..')

// The project's Node 22 (node_modules/.bin, as npm scripts see it) first: the agent's #!/usr/bin/env node finds it.
const PATH = [path.join(ROOT, 'node_modules/.bin'), path.dirname(process.execPath), process.env.PATH].join(
  path.delimiter,
)
// No download at install time: onnxruntime-node's postinstall would fetch CUDA libraries from NuGet on linux/x64.
const INSTALL_ENV = { ...process.env, PATH, ONNXRUNTIME_NODE_INSTALL: 'skip' }

export interface InstalledAgent {
  readonly prefix: string
  readonly bin: string
  readonly packageDir: string
  readonly tarball: string
  exec(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>
  spawn(args: readonly string[]): RunningAgent
  /** Kills agents a failed test left running (by their pid), so none outlives the test file. */
  killLeftovers(): void
}

export interface RunningAgent {
  readonly child: ChildProcess
  stderr(): string
  waitForLog(text: string, timeoutMs?: number): Promise<void>
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** `npm run pack:agent`, then `npm install -g --prefix` of the tarball in an empty folder (outside this repository). */
export async function packAndInstall(): Promise<InstalledAgent> {
  const { stdout } = await run('npm', ['run', '--silent', 'pack:agent'], {
    cwd: ROOT,
    env: INSTALL_ENV,
    maxBuffer: 16 << 20,
  })
  const name = stdout.trim().split('\n').at(-1)!
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'homeward-agent-install-'))
  const tarball = path.join(dir, name)
  await fs.copyFile(path.join(ROOT, 'agent', name), tarball)
  const prefix = path.join(dir, 'prefix')
  await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', `./${name}`], {
    cwd: dir,
    env: INSTALL_ENV,
    maxBuffer: 16 << 20,
  })
  const bin = path.join(prefix, 'bin', 'homeward-agent')
  if (!existsSync(bin)) throw new Error(`npm install -g put no homeward-agent in ${prefix}/bin`)
  const env = { ...process.env, PATH, AGENT_TEST_LOG: undefined }
  const children = new Set<ChildProcess>()
  return {
    prefix,
    bin,
    tarball,
    packageDir: path.join(prefix, 'lib/node_modules/homeward-agent'),
    async exec(args) {
      try {
        const { stdout, stderr } = await run(bin, [...args], { cwd: dir, env, maxBuffer: 16 << 20 })
        return { code: 0, stdout, stderr }
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string }
        return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
      }
    },
    spawn(args) {
      const child = spawn(bin, [...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      children.add(child)
      child.once('exit', () => children.delete(child))
      let err = ''
      child.stderr.on('data', (c: Buffer) => (err += c.toString()))
      child.stdout.resume()
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      )
      return {
        child,
        stderr: () => err,
        async waitForLog(text, timeoutMs = 60_000) {
          const until = Date.now() + timeoutMs
          while (!err.includes(text)) {
            if (child.exitCode !== null)
              throw new Error(`the agent exited (${child.exitCode}) before "${text}": ${err}`)
            if (Date.now() > until) throw new Error(`no "${text}" from the agent in ${timeoutMs} ms: ${err}`)
            await new Promise((r) => setTimeout(r, 100))
          }
        },
        exited: () => exit,
      }
    },
    killLeftovers() {
      for (const child of children) child.kill('SIGKILL')
    },
  }
}

/** Bytes on disk under a folder (du's apparent size would miss nothing here: no sparse files). */
export async function treeBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.lstat(path.join(entry.parentPath, entry.name))).size
  }
  return total
}
