#!/usr/bin/env node
import process from 'node:process'
import { prepareProcess } from './launch.mjs'

// The agent from this repository's sources: TypeScript run through tsx. Inside the project, npx puts the
// project's own Node 22 first on PATH. The installed package runs its bundle instead (agent/).
prepareProcess()
const { register } = await import('tsx/esm/api')
register()
const { main } = await import('./cli.ts')
process.exitCode = await main(process.argv.slice(2))
