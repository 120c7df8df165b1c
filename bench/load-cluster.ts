// The bench's own PostgreSQL cluster (never the shared 15/main: other work runs on it) and the server in
// a child process, so faults can restart one and SIGKILL the other.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export interface Cluster {
  readonly version: string
  readonly name: string
  readonly port: number
}

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** Creates (trust auth on loopback only) and starts the cluster if needed. Refuses `main`. */
export function ensureCluster(cluster: Cluster) {
  if (cluster.name === 'main')
    throw new Error('bench:load restarts its cluster: give it one of its own (--cluster 15/bench), never 15/main')
  const listed = run('pg_lsclusters', ['--no-header'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
  const row = listed.find(([v, n]) => v === cluster.version && n === cluster.name)
  if (!row) {
    run('pg_createcluster', [cluster.version, cluster.name, '--port', String(cluster.port), '--', '--auth=trust'])
    writeFileSync(
      `/etc/postgresql/${cluster.version}/${cluster.name}/conf.d/90-bench.conf`,
      "listen_addresses = '127.0.0.1'\n",
    )
  } else if (Number(row[2]) !== cluster.port)
    throw new Error(`cluster ${cluster.version}/${cluster.name} listens on ${row[2]}, not ${cluster.port}`)
  if (!row || row[3] !== 'online') run('pg_ctlcluster', [cluster.version, cluster.name, 'start'])
}

/** Whether this machine can run a cluster of its own: Debian's pg_ctlcluster, as root (it writes /etc/postgresql). */
export function canManageClusters(version: string): boolean {
  try {
    run('pg_lsclusters', ['--no-header'])
  } catch {
    return false
  }
  return process.getuid?.() === 0 && existsSync(`/usr/lib/postgresql/${version}/bin/postgres`)
}

/** Whether the cluster exists (in any state). */
export function clusterExists(cluster: Cluster): boolean {
  return run('pg_lsclusters', ['--no-header'])
    .split('\n')
    .some((l) => l.trim().split(/\s+/).slice(0, 2).join('/') === `${cluster.version}/${cluster.name}`)
}

/** Stops and removes the cluster, data included. Refuses `main`. */
export function dropCluster(cluster: Cluster) {
  if (cluster.name === 'main') throw new Error('never drop 15/main')
  run('pg_dropcluster', [cluster.version, cluster.name, '--stop'])
  // pg_dropcluster leaves the config folder behind when it holds a file it did not write (ensureCluster's conf.d).
  rmSync(`/etc/postgresql/${cluster.version}/${cluster.name}`, { recursive: true, force: true })
}

export function restartCluster(cluster: Cluster) {
  run('pg_ctlcluster', [cluster.version, cluster.name, 'restart', '--', '-m', 'fast'])
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** The server (`src/main.ts`, role all) in its own process, logging warnings only; resolves once `/health` answers. */
export async function startServerProcess(
  env: Record<string, string>,
  healthUrl: string,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../src/main.ts')], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const onLine = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => log(line.slice(0, 300)))
  child.stdout!.on('data', onLine)
  child.stderr!.on('data', onLine)
  let exited: string | undefined
  child.once('exit', (code, signal) => (exited = String(code ?? signal)))
  for (;;) {
    if (exited !== undefined) throw new Error(`server exited before listening (${exited})`)
    if (
      await fetch(healthUrl).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function killHard(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
}

export async function stopGracefully(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}
