import process from 'node:process'

/**
 * What every start of the agent does before its code loads, shared by the repository's launcher
 * (src/agent/bin.mjs, TypeScript through tsx) and the installed package's (agent/bin/homeward-agent.mjs).
 * Plain JavaScript with no imports but node:process, so an old Node gets a message, not a stack trace.
 */
export function prepareProcess() {
  const [major] = process.versions.node.split('.').map(Number)
  if (major < 22) {
    process.stderr.write(`homeward-agent needs Node.js 22 or newer (this is ${process.version}).\n`)
    process.exit(1)
  }
  // node:sqlite is stable enough for a queue; its "experimental" notice would only alarm owners.
  const emitWarning = process.emitWarning
  process.emitWarning = (warning, ...rest) =>
    /SQLite is an experimental feature|process\.execve/.test(String(warning))
      ? undefined
      : emitWarning.call(process, warning, ...rest)
  // glibc's malloc raises its mmap threshold after large frees, and then keeps onnxruntime's and libvips'
  // freed frame buffers in per-thread arenas for good: agent RSS 340–480 MB instead of ~240 MB. A fixed
  // threshold (an environment variable, read only at start-up) hands them back; set it and start again.
  if (process.platform === 'linux' && !process.env.MALLOC_MMAP_THRESHOLD_ && typeof process.execve === 'function') {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      ...process.env,
      MALLOC_MMAP_THRESHOLD_: '131072',
    })
  }
}
