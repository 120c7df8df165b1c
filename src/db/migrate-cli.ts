import { loadConfigOrExit } from '../config-cli.ts'
import { openDatabase } from './connect.ts'
import { migrate } from './migrate.ts'

const config = loadConfigOrExit()
const database = await openDatabase(config.database)
try {
  const ran = await migrate(database)
  console.log(ran.length ? `applied ${ran.join(', ')}` : 'database is up to date')
} finally {
  await database.close()
}
