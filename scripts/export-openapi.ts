// Prints the API's OpenAPI document (what GET /openapi.json serves) without a database, a model or a
// port: CI lints it with `redocly lint` (npm run lint:openapi). Nothing here needs a database (the one
// query buildApp starts, sealing old points, fails against port 1); the document comes from the route schemas.
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { createAuth } from '../src/accounts/auth.ts'
import { AlertEvents } from '../src/alerts/alert.events.ts'
import { buildApp, type AppDeps } from '../src/app.ts'
import type { Database } from '../src/db/database.ts'
import { systemClock } from '../src/clock.ts'
import { createLogger } from '../src/logger.ts'

const unused = () => {
  throw new Error('not used while exporting the OpenAPI document')
}
// postgres.js connects lazily, on the first query, which this script never makes.
const db = new Kysely<Database>({
  dialect: new PostgresJSDialect({ postgres: postgres('postgres://127.0.0.1:1/unused', { max: 1 }) }),
})
const publicUrl = process.argv[2] ?? 'http://localhost:8787'
const auth = createAuth({
  db,
  secret: 'openapi-export-openapi-export-0123456789',
  baseURL: publicUrl,
  trustedOrigins: [],
})
const app = buildApp({
  db,
  auth,
  storage: { put: unused, get: unused, delete: unused } as unknown as AppDeps['storage'],
  petPhotos: { findPet: unused } as unknown as AppDeps['petPhotos'],
  photoImages: { normalise: unused, publishable: unused },
  matchQueue: { searchChanged: unused, sightingsArrived: unused, foundReported: unused, trailActivity: unused },
  alertEvents: new AlertEvents(),
  notifier: { alertOpened: unused, ownerEvent: unused },
  matching: { modelId: 'homeward-pet-embed-v1', minSimilarity: 0.5 },
  allowPrivateWebhooks: false,
  vapidPublicKey: 'unused',
  logger: createLogger('silent'),
  now: systemClock,
})
const res = await app.request(`${publicUrl}/openapi.json`)
// Exit once written: buildApp's start-up sealing of old points tries the (absent) database in the background.
process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`, () => process.exit(0))
