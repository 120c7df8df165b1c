import { ConfigError, loadConfig, type Config } from './config.ts'

/** For entry points: a bad environment prints which variable is wrong and exits, with no stack trace. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
