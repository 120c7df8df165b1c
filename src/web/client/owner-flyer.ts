import { localiseTimes } from './owners/local-time.ts'

localiseTimes()
document.querySelector('#print-flyer')?.addEventListener('click', () => window.print())
