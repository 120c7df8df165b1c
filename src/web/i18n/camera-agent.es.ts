import type { cameraAgentEn } from './camera-agent.en.ts'

/** Spanish strings of the camera agent's status (spread into es.ts). */
export const cameraAgentEs = {
  'agent.heading': 'El agente',
  'agent.notPaired': 'Sin emparejar',
  'agent.online': 'En línea',
  'agent.offline': 'Sin conexión',
  'agent.notPaired.text': 'Todavía no hay ningún agente emparejado con esta cámara.',
  'agent.lastSeen': 'Última conexión {ago} ({time}).',
  'agent.withinStep': 'en los últimos 5 minutos',
  'agent.never': 'Emparejado, pero el agente aún no se ha conectado.',
  'agent.offline.text': 'El agente no se conecta desde hace 15 minutos: ¿está su ordenador encendido y con conexión?',
  'agent.sightingsToday': 'Avistamientos enviados hoy: {count}',
  'agent.coarse':
    'Homeward guarda solo la última conexión, redondeada a 5 minutos, y no se la muestra a nadie más que a ti.',
  'agent.pairAgain': 'Emparejar el agente de nuevo (otro ordenador o un token perdido)',
  'agent.pairedBadge': 'Emparejado',
} as const satisfies Record<keyof typeof cameraAgentEn, string>
