/** English strings of the camera agent's status on the camera pages (spread into en.ts). */
export const cameraAgentEn = {
  'agent.heading': 'The agent',
  'agent.notPaired': 'Not paired',
  'agent.online': 'Online',
  'agent.offline': 'Offline',
  'agent.notPaired.text': 'No agent is paired with this camera yet.',
  'agent.lastSeen': 'Last check-in {ago} ({time}).',
  'agent.withinStep': 'in the last 5 minutes',
  'agent.never': 'Paired, but the agent has not checked in yet.',
  'agent.offline.text': 'The agent has not checked in for 15 minutes: is its computer on and online?',
  'agent.sightingsToday': 'Sightings sent today: {count}',
  'agent.coarse': 'Homeward keeps only the latest check-in, rounded down to 5 minutes, and shows it to nobody but you.',
  'agent.pairAgain': 'Pair the agent again (a new computer or a lost token)',
  'agent.pairedBadge': 'Paired',
} as const
