import { t } from '../../i18n/client.ts'
import type { PlaceMapOptions } from './place-map.ts'

/** The map box's role and name, which it has before its library loads too, so it can be found and focused. */
export function describeMapBox(container: HTMLElement, options: PlaceMapOptions, pickHelp = t('map.pickHelp')) {
  container.setAttribute('role', 'application')
  container.setAttribute('aria-label', options.onPick ? `${options.label}. ${pickHelp}` : options.label)
  container.setAttribute('aria-roledescription', 'map')
}
