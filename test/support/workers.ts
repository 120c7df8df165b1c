// Starting and stopping the workers' own process (worker-process.ts) from a test.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const WORKER = path.resolve(import.meta.dirname, 'worker-process.ts')

/** The workers in a child process, as in production; resolves once they poll. */
export async function startWorkers(url: string, mailDir: string, pollSeconds = 0.5): Promise<ChildProcess> {
  const env = {
    ...process.env,
    WORKER_DATABASE_URL: url,
    WORKER_MAIL_DIR: mailDir,
    WORKER_POLL_SECONDS: String(pollSeconds),
  }
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)))
  })
  return child
}

export async function kill(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
