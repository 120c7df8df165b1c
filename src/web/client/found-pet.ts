import { pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { localiseTimes } from './owners/local-time.ts'

const { area } = pageData<{ area: CoarseAreaData }>()
localiseTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, 'Map of the coarse area where the pet was found')
