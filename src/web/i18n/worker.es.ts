import type { workerEn } from './worker.en.ts'

/** Spanish strings the service worker shows (spread into es.ts). */
export const workerEs = {
  'push.alert.title': 'Puede que tu cámara haya visto a {name}',
  'push.alert.body.dog':
    'Un perro perdido, visto el {time}. Solo te hemos avisado a ti: comparte una instantánea o descarta la alerta.',
  'push.alert.body.cat':
    'Un gato perdido, visto el {time}. Solo te hemos avisado a ti: comparte una instantánea o descarta la alerta.',
  'offline.title': 'Sin conexión',
  'offline.heading': 'No tienes conexión',
  'offline.before': 'Esta página necesita la red. El ',
  'offline.link': 'listado de perdidos y encontrados',
  'offline.after':
    ' se abre sin conexión con lo último que se cargó; todo lo demás vuelve a funcionar cuando recuperes la conexión.',
} as const satisfies Record<keyof typeof workerEn, string>
