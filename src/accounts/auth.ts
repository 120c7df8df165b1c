import { betterAuth } from 'better-auth'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { AccountMailer } from '../notifications/account-mail.ts'
import { RESET_LINK_SECONDS, resetMail } from './reset-mail.ts'

export interface AuthOptions {
  readonly db: Kysely<Database>
  readonly secret: string
  readonly baseURL: string
  readonly trustedOrigins: readonly string[]
  /** Off in tests, which sign in many users from one address. */
  readonly rateLimit?: boolean
  /** Sends password reset links; without it, reset requests are refused. */
  readonly mailer?: AccountMailer | undefined
}

export type Auth = ReturnType<typeof createAuth>

/** Accounts, password hashing and sessions are better-auth's; its tables are created by sql/0002_accounts.sql. */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: 'Homeward',
    basePath: '/api/auth',
    baseURL: options.baseURL,
    secret: options.secret,
    trustedOrigins: [options.baseURL, ...options.trustedOrigins],
    database: { db: options.db, type: 'postgres' },
    // No session from sign-up: a taken address then gets the same answer as a new one (a synthetic user, no
    // token), so sign-up cannot be used to learn who has an account. Clients sign in right after.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      autoSignIn: false,
      // An unknown address gets the same answer, and the mail goes out in the background, so neither says who has an account.
      ...(options.mailer && {
        sendResetPassword: async ({ user, token }: { user: { email: string }; token: string }, request?: Request) =>
          options.mailer!.send(resetMail(user.email, options.baseURL, token, request)),
      }),
      resetPasswordTokenExpiresIn: RESET_LINK_SECONDS,
      revokeSessionsOnPasswordReset: true,
    },
    user: { modelName: 'users' },
    session: { modelName: 'sessions', expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
    rateLimit: { enabled: options.rateLimit ?? true, window: 60, max: 100 },
    telemetry: { enabled: false },
    advanced: {
      // A privacy-first service has no use for the address or browser a session came from.
      ipAddress: { disableIpTracking: true },
    },
  })
}
