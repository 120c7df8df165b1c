/** The camera owner's private previews (issue 19): the alerts page's key section and each alert's frame. */
export const previewEn = {
  'preview.heading': 'Private previews of your camera’s frames',
  'preview.lead':
    'See your own camera’s frame next to the lost pet’s photo before you decide. Your agent sends a small copy (at most 320 px), encrypted so only this browser can open it. Homeward stores only the encrypted bytes, forgets them once you answer, and never shows them to the pet’s owner or anyone else.',
  'preview.enable': 'Turn on private previews in this browser',
  'preview.replace': 'Use a new key in this browser',
  'preview.on': 'Private previews are on in this browser. Key fingerprint: {fingerprint}',
  'preview.elsewhere':
    'Private previews are sealed to a key another browser holds (fingerprint {fingerprint}). Make a new key here to see them in this browser; previews sealed to the old key are deleted, and your agent seals new ones.',
  'preview.off': 'Private previews are off: your agent sends no preview until you turn them on.',
  'preview.mismatch':
    'The server reports the fingerprint {server}, but this browser computed {local}. Do not trust these previews; reload the page and try again.',
  'preview.failed': 'Could not turn on private previews. Please try again.',
  'preview.unsupported':
    'This browser cannot keep a private key (no IndexedDB), so private previews cannot be turned on here.',
  'preview.caption': 'Your camera’s frame (only you can see this)',
  'preview.petCaption': 'The lost pet, from their owner',
  'preview.loading': 'Opening your camera’s frame…',
  'preview.none': 'No preview yet: your agent sends one the next time it checks in.',
  'preview.noKey': 'Turn on private previews above to see your camera’s frame here before you decide.',
  'preview.undecryptable':
    'This preview could not be opened in this browser: it was sealed to a key this browser does not hold.',
  'preview.alt': 'The frame your camera {camera} captured',
  'audit.alert.preview.sealed': '{actor} sealed a private preview of your camera’s frame to your key.',
  'audit.alert.preview.read': '{actor} opened a private preview of your camera’s frame.',
  'audit.account.preview_key.set': '{actor} turned on private previews (a new key).',
  'audit.account.preview_key.changed': '{actor} replaced the private preview key.',
} as const
