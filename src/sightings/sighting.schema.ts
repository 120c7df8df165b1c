import * as wire from '../contracts/device-wire.ts'
import { named } from '../http/wire-schema.ts'

// The agent builds these bodies from the same schemas (src/contracts/device-wire.ts); here they get their OpenAPI names.
export const SightingInput = named(wire.SightingInput, 'Sighting')
export const SightingBatchBody = named(wire.sightingBatchOf(SightingInput), 'SightingBatch')
export const SightingBatchResult = named(wire.SightingBatchResult, 'SightingBatchResult')
