import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/** The credential account's password hash (better-auth's `accounts` table). */
export async function findPasswordHash(db: Kysely<Database>, userId: string): Promise<string | undefined> {
  const result = await sql<{
    password: string | null
  }>`select password from accounts where "userId" = ${userId} and "providerId" = 'credential'`.execute(db)
  return result.rows[0]?.password ?? undefined
}
