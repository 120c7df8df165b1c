type Operation = {
  operationId?: string
  security?: Record<string, string[]>[]
  responses?: Record<string, unknown>
}
type Document = {
  servers?: { url: string; description?: string }[]
  security?: Record<string, string[]>[]
  info: Record<string, unknown>
  components?: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> }
  paths?: Record<string, Record<string, Operation>>
}

// Anyone may call these: a lost pet's public page, the feed, found pets, the consent text, the public counts.
const PUBLIC = new Set([
  'get /api/lost-pets/{id}',
  'get /api/lost-pets/{id}/photos/{photoId}',
  'get /api/consent/camera',
  'post /api/devices/pair', // the pairing code is the credential
  'get /api/feed',
  'get /transparency',
  'get /transparency.json',
  'get /api/push/vapid-public-key',
  'get /api/found-pets/{id}',
  'get /api/found-pets/{id}/photo',
  'post /api/lost-pets/{id}/guest-messages', // guest help: no account
  'post /api/lost-pets/{id}/guest-sightings',
])

// Answer 429 with Retry-After when over a limit (src/http/abuse-limits.ts).
const RATE_LIMITED = new Set([
  ...PUBLIC,
  'post /api/searches',
  'post /api/searches/{id}/renew',
  'post /api/found-pets',
  'post /api/lost-pets/{id}/messages',
  'post /api/searches/{id}/found-matches/{foundId}/messages',
  'post /api/threads/{id}/messages',
  'delete /api/me/account', // wrong passwords count towards the sign-in throttle
  'get /api/guest/thread',
  'post /api/guest/thread/messages',
])

const VERBS: Record<string, string> = { get: 'get', post: 'post', put: 'put', patch: 'update', delete: 'delete' }

/** `post /api/searches/{id}/close` → `postSearchesByIdClose`: unique, stable, readable in generated clients. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part))
    .flatMap((part) => part.split(/[-_]/))
  return (VERBS[method] ?? method) + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')
}

/**
 * Completes the generated document: the two ways to authenticate (the better-auth session cookie set
 * by sign-in, the camera agent's bearer token), which each operation needs (signed in unless listed
 * public or already device-only), an operationId for each, 429 where limits apply, and the server.
 */
export function completeApiDocument<T extends object>(generated: T): T {
  const errorSchema = { $ref: '#/components/schemas/Error' }
  const doc = generated as unknown as Document
  doc.servers = [{ url: '/', description: 'This Homeward server' }]
  doc.components ??= {}
  doc.components.securitySchemes = {
    ...doc.components.securitySchemes,
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: 'better-auth.session_token',
      description:
        'Set by POST /api/auth/sign-in/email (`__Secure-` prefixed over https); sign-up gives no session, so it answers a taken address as a new one.',
    },
    deviceToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'A camera agent’s token, from POST /api/devices/pair.',
    },
  }
  doc.security = [{ sessionCookie: [] }]
  const tooMany = {
    description: 'Over a limit; retry after the seconds in Retry-After',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
    content: { 'application/json': { schema: errorSchema } },
  }
  for (const [path, operations] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(operations)) {
      const key = `${method} ${path}`
      op.operationId ??= operationIdOf(method, path)
      if (PUBLIC.has(key)) op.security = []
      else op.security ??= [{ sessionCookie: [] }]
      if (RATE_LIMITED.has(key)) op.responses = { ...op.responses, 429: tooMany }
    }
  return generated
}
