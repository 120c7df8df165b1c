import { localizeTimes } from './lib/local-time.ts'

localizeTimes()
