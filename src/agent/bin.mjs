#!/usr/bin/env node
import process from 'node:process'

// Launcher for `npx homeward-agent`: the agent is TypeScript run through tsx, and needs Node 22
// (node:sqlite). Inside the project, npx puts the project's own Node 22 first on PATH.
const [major] = process.versions.node.split('.').map(Number)
if (major < 22) {
  process.stderr.write(`homeward-agent needs Node.js 22 or newer (this is ${process.version}); run it through npx inside the project.\n`)
  process.exit(1)
}
// node:sqlite is stable enough for a queue; its "experimental" notice would only alarm owners.
const emitWarning = process.emitWarning
process.emitWarning = (warning, ...rest) =>
  String(warning).includes('SQLite is an experimental feature') ? undefined : emitWarning.call(process, warning, ...rest)
const { register } = await import('tsx/esm/api')
register()
const { main } = await import('./cli.ts')
process.exitCode = await main(process.argv.slice(2))
