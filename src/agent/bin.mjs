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
  /SQLite is an experimental feature|process\.execve/.test(String(warning)) ? undefined : emitWarning.call(process, warning, ...rest)
// glibc's malloc raises its mmap threshold after large frees, and then keeps onnxruntime's and libvips'
// freed frame buffers in per-thread arenas for good: agent RSS 340–480 MB instead of ~240 MB. A fixed
// threshold (an environment variable, read only at start-up) hands them back; set it and start again.
if (process.platform === 'linux' && !process.env.MALLOC_MMAP_THRESHOLD_ && typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' })
}
const { register } = await import('tsx/esm/api')
register()
const { main } = await import('./cli.ts')
process.exitCode = await main(process.argv.slice(2))
