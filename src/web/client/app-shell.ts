// On every page: registers the service worker (alerts and the offline shell) and says plainly when the device is
// offline, since what the page shows may then be a saved copy.
const banner = document.getElementById('offline-banner')

function showConnection() {
  if (banner) banner.hidden = navigator.onLine
}
window.addEventListener('online', showConnection)
window.addEventListener('offline', showConnection)
showConnection()

if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .catch((error: unknown) => console.warn('service worker not registered', error))
}

// Notices write their times in the account's zone: tell the server this browser's, once per change.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
if (document.body.dataset.signedIn && zone && localStorage.getItem('homeward.timeZone') !== zone) {
  fetch('/api/me/notifications', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ timeZone: zone }),
  })
    .then((res) => res.ok && localStorage.setItem('homeward.timeZone', zone))
    .catch(() => {})
}
