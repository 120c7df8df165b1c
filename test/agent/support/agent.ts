import fs from 'node:fs/promises'
import { pino } from 'pino'
import sharp from 'sharp'
import { type Agent, createAgent, type AgentOptions } from '../../../src/agent/agent.ts'
import { pairCommand } from '../../../src/agent/commands/pair.ts'
import { agentPaths, type AgentPaths } from '../../../src/agent/device.ts'
import { catPhoto } from '../../support/images.ts'
import { tempDir } from './server.ts'

export const quietLogger = () => pino({ level: process.env.AGENT_TEST_LOG ?? 'silent' })

/** A fresh agent data dir, paired through the real pair command. */
export async function pairedAgentDir(server: string, code: string): Promise<AgentPaths> {
  const paths = agentPaths(await tempDir('homeward-agent-'))
  await pairCommand(paths, server, code, quietLogger())
  return paths
}

export function startAgent(paths: AgentPaths, options: Omit<AgentOptions, 'paths' | 'logger'>): Promise<Agent> {
  return createAgent({
    paths,
    logger: quietLogger(),
    uploader: { baseMs: 100, maxMs: 800, idlePollMs: 200, batchSize: 20 },
    ...options,
  })
}

export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 20_000, what = 'condition' } = {},
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export const removeDir = (dir: string) => fs.rm(dir, { recursive: true, force: true })

/** The lost cat (mirrored, as from another angle) at one side of a wider camera frame, so a crop shows. */
export async function catInTheYard(): Promise<Buffer> {
  const cat = await sharp(await catPhoto())
    .flop()
    .toBuffer()
  const { width = 0 } = await sharp(cat).metadata()
  return sharp(cat)
    .extend({ right: width, background: { r: 70, g: 110, b: 50 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

/** The camera sees the test cat (mirrored, in a wider yard), a minute ago; the sighting reaches the server. */
export async function sightCat(paths: AgentPaths, analyzer: AgentOptions['analyzer'], source: string): Promise<void> {
  const agent = await startAgent(paths, { analyzer, mode: 'standard' })
  const frame = await catInTheYard()
  const outcome = await agent.processFrame({ source, bytes: frame, capturedAt: new Date(Date.now() - 60_000) })
  if (outcome.kind !== 'sighted') throw new Error(`expected the cat to be sighted, got ${outcome.kind}`)
  if ((await agent.flush()) !== 'drained') throw new Error('the sighting did not reach the server')
  await agent.stop()
}
