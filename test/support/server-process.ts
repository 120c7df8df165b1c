// Running the server as operators do (`npm start`, or `node src/main.ts` with a role) in child processes,
// and watching their process trees and ports from a test.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface ServerProcess {
  readonly child: ChildProcess
  readonly port: number
  /** Every line the process printed so far (pino JSON on stdout, npm's banner, stderr). */
  readonly output: string[]
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** A port nothing listens on right now (the kernel's choice, released again). */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The pids of every process below `pid` (Linux /proc), children first. */
export async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>()
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (ppid) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)])
  }
  const found: number[] = []
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child)
      walk(child)
    }
  }
  walk(pid)
  return found
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Spawns `command args` in the repository with `env` added, in its own process group (so a failed test
 * can still remove the whole tree), and resolves once the server logs that it listens.
 */
export async function spawnServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  timeoutMs = 90_000,
): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output: string[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  let listening!: () => void
  const ready = new Promise<void>((resolve) => (listening = resolve))
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line)
      if (line.includes('Homeward is listening')) listening()
    }
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      ready,
      exited.then(({ code, signal }) =>
        Promise.reject(new Error(`${command} exited before listening (${code ?? signal}):\n${output.join('\n')}`)),
      ),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`${command} did not listen within ${timeoutMs} ms:\n${output.join('\n')}`)),
            timeoutMs,
          )),
      ),
    ])
  } catch (error) {
    killGroup(child)
    throw error
  } finally {
    clearTimeout(timer)
  }
  return { child, port, output, exited }
}

/** SIGKILLs a spawned server's whole process group; for cleanup after a failed test. */
export function killGroup(child: ChildProcess) {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** The server's entry point on the current Node, as a process manager would run one role of it. */
export function nodeServer(env: Record<string, string>, port: number) {
  return spawnServer(process.execPath, ['--import', 'tsx', 'src/main.ts'], env, port)
}
