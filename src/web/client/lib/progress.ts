import type { UploadPhase } from './upload.ts'
import { t } from '../../i18n/client.ts'

/** Drives a server-rendered ProgressBox (components/progress-box.tsx). */
export function progressBox(id: string) {
  const box = document.getElementById(id)!
  const bar = document.getElementById(`${id}-bar`) as HTMLProgressElement
  const text = document.getElementById(`${id}-text`)!
  return {
    show(message: string, fraction?: number) {
      box.hidden = false
      if (fraction === undefined) bar.removeAttribute('value')
      else bar.value = fraction
      text.textContent = message
    },
    upload(phase: UploadPhase, analysing: string) {
      if (phase.phase === 'sending')
        this.show(t('client.uploading', { percent: Math.round(phase.fraction * 100) }), phase.fraction)
      else this.show(analysing)
    },
    hide() {
      box.hidden = true
    },
  }
}
