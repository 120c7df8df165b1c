// Feature folders under src/ must not form value-level cycles. `import type` is erased before the
// check (tsPreCompilationDeps: false), so type-only imports do not count. Composition roots import everything.
module.exports = {
  forbidden: [
    { name: 'no-feature-cycles', severity: 'error', scope: 'folder', from: { path: '^src/' }, to: { circular: true } },
    { name: 'no-module-cycles', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
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
