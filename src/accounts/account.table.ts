import type { Generated } from 'kysely'

// better-auth owns these tables (sql/0002_accounts.sql); the app only reads users by id.
export interface UserTable {
  id: string
  name: string
  email: string
  emailVerified: Generated<boolean>
  image: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}
