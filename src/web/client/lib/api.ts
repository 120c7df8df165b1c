import { t } from '../../i18n/client.ts'

/** An API error with the server's readable message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details`, when it sent some (a photo check's questions). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

/** Calls the JSON API with the session cookie; a non-2xx reply throws ApiError with the server's message. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init
  const headers = new Headers(rest.headers)
  if (json !== undefined) headers.set('content-type', 'application/json')
  const response = await fetch(path, {
    ...rest,
    headers,
    credentials: 'same-origin',
    ...(json !== undefined && { body: JSON.stringify(json) }),
  })
  const text = await response.text()
  const body = text ? (JSON.parse(text) as unknown) : undefined
  if (!response.ok) {
    const error = (
      body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined
    )?.error
    throw new ApiError(
      response.status,
      error?.code ?? 'ERROR',
      error?.message ?? t('client.requestFailed', { status: response.status }),
      error?.details,
    )
  }
  return body as T
}

/** The JSON data block the server rendered into the page, if any. */
export function pageData<T>(): T {
  const element = document.getElementById('page-data')
  return JSON.parse(element?.textContent ?? 'null') as T
}
