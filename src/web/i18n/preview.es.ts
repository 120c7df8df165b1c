import type { previewEn } from './preview.en.ts'

export const previewEs = {
  'preview.heading': 'Vistas previas privadas de los fotogramas de tu cámara',
  'preview.lead':
    'Mira el fotograma de tu propia cámara junto a la foto de la mascota perdida antes de decidir. Tu agente envía una copia pequeña (como mucho 320 px), cifrada para que solo este navegador pueda abrirla. Homeward guarda solo los bytes cifrados, los olvida en cuanto respondes y nunca se los muestra a la familia de la mascota ni a nadie más.',
  'preview.enable': 'Activar las vistas previas privadas en este navegador',
  'preview.replace': 'Usar una clave nueva en este navegador',
  'preview.on': 'Las vistas previas privadas están activadas en este navegador. Huella de la clave: {fingerprint}',
  'preview.elsewhere':
    'Las vistas previas privadas se cifran para una clave que tiene otro navegador (huella {fingerprint}). Crea una clave nueva aquí para verlas en este navegador; las cifradas con la clave anterior se borran y tu agente cifra otras nuevas.',
  'preview.off': 'Las vistas previas privadas están desactivadas: tu agente no envía ninguna hasta que las actives.',
  'preview.mismatch':
    'El servidor indica la huella {server}, pero este navegador calculó {local}. No confíes en estas vistas previas; recarga la página y vuelve a intentarlo.',
  'preview.failed': 'No se pudieron activar las vistas previas privadas. Inténtalo de nuevo.',
  'preview.unsupported':
    'Este navegador no puede guardar una clave privada (no hay IndexedDB), así que aquí no se pueden activar las vistas previas privadas.',
  'preview.caption': 'El fotograma de tu cámara (solo tú puedes verlo)',
  'preview.petCaption': 'La mascota perdida, según su familia',
  'preview.loading': 'Abriendo el fotograma de tu cámara…',
  'preview.none': 'Aún no hay vista previa: tu agente envía una la próxima vez que se conecte.',
  'preview.noKey':
    'Activa arriba las vistas previas privadas para ver aquí el fotograma de tu cámara antes de decidir.',
  'preview.undecryptable':
    'Esta vista previa no se pudo abrir en este navegador: se cifró para una clave que este navegador no tiene.',
  'preview.alt': 'El fotograma que captó tu cámara {camera}',
  'audit.alert.preview.sealed': '{actor} cifró para tu clave una vista previa privada del fotograma de tu cámara.',
  'audit.alert.preview.read': '{actor} abrió una vista previa privada del fotograma de tu cámara.',
  'audit.account.preview_key.set': '{actor} activó las vistas previas privadas (una clave nueva).',
  'audit.account.preview_key.changed': '{actor} sustituyó la clave de las vistas previas privadas.',
} as const satisfies Record<keyof typeof previewEn, string>
