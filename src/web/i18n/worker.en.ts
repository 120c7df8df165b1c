/** English strings the service worker shows (a camera alert's push, the offline page); spread into en.ts, and
 * bundled alone into the worker so it does not carry every page's text. */
export const workerEn = {
  'push.alert.title': 'Your camera may have seen {name}',
  'push.alert.body.dog': 'A lost dog, seen {time}. Only you were told: share one snapshot, or dismiss.',
  'push.alert.body.cat': 'A lost cat, seen {time}. Only you were told: share one snapshot, or dismiss.',
  'offline.title': 'Offline',
  'offline.heading': 'You are offline',
  'offline.before': 'This page needs the network. The ',
  'offline.link': 'lost & found feed',
  'offline.after': ' opens offline with what was last loaded; everything else works again once you are back online.',
} as const
