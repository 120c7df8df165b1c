import type { R2BucketLike } from './r2-storage.ts'
import type { HyperdriveLike } from './request-db.ts'

/** The Worker's bindings (wrangler.toml) and secrets (`wrangler secret put`). */
export interface EdgeEnv {
  readonly HYPERDRIVE: HyperdriveLike
  readonly PHOTOS: R2BucketLike
  /** The same secret as the Node workers' AUTH_SECRET: sessions and sealed last-seen points are read by both. */
  readonly AUTH_SECRET?: string
  /** The Node workers' VAPID public key (DATA_DIR/vapid-keys.json): push subscriptions are bound to it. */
  readonly VAPID_PUBLIC_KEY?: string
  readonly PUBLIC_URL?: string
  readonly TRUSTED_ORIGINS?: string
  readonly ALLOW_PRIVATE_WEBHOOKS?: string
  readonly MATCH_MODEL_ID?: string
  readonly MATCH_MIN_SIMILARITY?: string
  readonly LOG_LEVEL?: string
  readonly METRICS_TOKEN?: string
  /** Where photos are checked (the Node photo-check service); unset, photo uploads are refused with 503. */
  readonly PHOTO_CHECK_URL?: string
  readonly PHOTO_CHECK_TOKEN?: string
  /** `lifted` only in `wrangler dev --env test`: every test request comes from one address. */
  readonly ABUSE_LIMITS?: string
}
