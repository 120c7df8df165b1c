import { pgliteTemplatePath } from './pglite-template.ts'

// Builds the migrated PGlite template once, before the test files start in parallel.
export default async function setup() {
  await pgliteTemplatePath()
}
