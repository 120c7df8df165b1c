#!/usr/bin/env node
import { existsSync } from 'node:fs'
import process from 'node:process'
import { URL } from 'node:url'

// Installed from its tarball, the agent runs its bundle (dist/, built by `npm run pack:agent`). Linked as a
// workspace inside the repository it runs the sources instead, so a stale bundle can never stand in for them.
if (existsSync(new URL('../../src/agent/cli.ts', import.meta.url))) {
  await import('../../src/agent/bin.mjs')
} else {
  const { prepareProcess } = await import('../dist/launch.js')
  prepareProcess()
  const { main } = await import('../dist/cli.js')
  process.exitCode = await main(process.argv.slice(2))
}
