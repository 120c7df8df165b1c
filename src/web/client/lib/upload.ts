import { ApiError } from './api.ts'
import { t } from '../../i18n/client.ts'

export type UploadPhase = { readonly phase: 'sending'; readonly fraction: number } | { readonly phase: 'analysing' }

/**
 * Posts a multipart form like `api()`, reporting how much has been sent and when the server has it all and is
 * analysing it (fetch cannot report upload progress; XMLHttpRequest can). A dropped connection is an ApiError too,
 * with status 0, so the page can say to try again.
 */
export function uploadForm<T>(
  path: string,
  body: FormData,
  onProgress: (phase: UploadPhase) => void,
  method = 'POST',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, path)
    xhr.withCredentials = true
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress({ phase: 'sending', fraction: event.loaded / event.total })
    })
    xhr.upload.addEventListener('load', () => onProgress({ phase: 'analysing' }))
    xhr.addEventListener('load', () => {
      let parsed: unknown
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        parsed = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as T)
      const error = (
        parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined
      )?.error
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? 'ERROR',
          error?.message ?? t('client.requestFailed', { status: xhr.status }),
          error?.details,
        ),
      )
    })
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK', t('client.upload.dropped'))))
    xhr.addEventListener('timeout', () => reject(new ApiError(0, 'NETWORK', t('client.upload.timeout'))))
    xhr.timeout = 180_000
    xhr.send(body)
  })
}
