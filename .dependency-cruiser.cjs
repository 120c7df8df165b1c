// Feature folders under src/ must not form value-level cycles. `import type` is erased before the
// check (tsPreCompilationDeps: false), so type-only imports do not count. Composition roots import everything.
module.exports = {
  forbidden: [
    { name: 'no-feature-cycles', severity: 'error', scope: 'folder', from: { path: '^src/' }, to: { circular: true } },
    { name: 'no-module-cycles', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
    // The agent ships alone (agent/package.json): it may use vision and the wire contracts, nothing of the server.
    { name: 'agent-stays-standalone', severity: 'error', from: { path: '^src/(agent|vision)/' }, to: { path: '^src/', pathNot: '^src/(agent|vision|contracts)/' } },
    { name: 'contracts-know-no-runtime', severity: 'error', from: { path: '^src/contracts/' }, to: { pathNot: '^src/contracts/|zod' } },
  ],
  options: {
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|models|workers)|^src/runtime/|^src/(app|server|main|config-cli)\\.ts$' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
  },
}
