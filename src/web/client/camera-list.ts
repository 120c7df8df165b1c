import { localiseTimes } from './owners/local-time.ts'

localiseTimes()
