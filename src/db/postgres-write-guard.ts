/**
 * postgres.js 3.4.9 can throw from a setImmediate after a connection dies (PostgreSQL restarting, a
 * backend killed): its deferred `nextWrite` dereferences the socket `closed()` already set to null
 * (porsager/postgres#1154, #1208; fix proposed in #1176/#1209, not released). The throw escapes every
 * await, so without this guard a PostgreSQL restart takes the whole server down. By then `closed()` has
 * rejected the connection's queries with CONNECTION_CLOSED and the pool reconnects, so that one error is
 * safe to drop; any other uncaught exception still ends the process as Node would.
 */
export function isPostgresClosedSocketWrite(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /reading 'write'/.test(error.message) &&
    /at (Immediate\.)?nextWrite \(.*[\\/]postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')
  )
}

export function guardPostgresClosedSocketWrites(onDropped: (error: Error) => void) {
  process.on('uncaughtException', (error) => {
    if (isPostgresClosedSocketWrite(error)) return onDropped(error)
    console.error(error)
    process.exit(1)
  })
}
