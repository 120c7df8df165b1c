import { pageData } from './lib/api.ts'
import { showAreaMap, type CoarseAreaData } from './lib/area-map.ts'
import { localizeTimes } from './lib/local-time.ts'

const { area } = pageData<{ area: CoarseAreaData }>()
localizeTimes()
showAreaMap(document.querySelector<HTMLElement>('#area-map')!, area, 'Map of the coarse area where the pet was found')
