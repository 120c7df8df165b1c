import type { Logger } from 'pino'
import type { FrameSource } from './source.ts'

export interface HttpSnapshotOptions {
  /** e.g. http://user:pass@192.168.1.20/cgi-bin/snapshot.cgi (credentials in the URL become Basic auth). */
  readonly url: string
  readonly intervalMs: number
  readonly timeoutMs?: number
}

const redactUrl = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`

function requestFor(raw: string): { url: string; headers: Record<string, string> } {
  const url = new URL(raw)
  const headers: Record<string, string> = {}
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    url.username = ''
    url.password = ''
  }
  return { url: url.toString(), headers }
}

/** The snapshot URL most IP cameras and ONVIF devices expose, polled at an interval (never overlapping). */
export function httpSnapshotSource(options: HttpSnapshotOptions, logger: Logger): FrameSource {
  const { url, headers } = requestFor(options.url)
  const shown = redactUrl(new URL(url))
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let failing = false

  async function poll(onFrame: Parameters<FrameSource['start']>[0]) {
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) })
      const type = res.headers.get('content-type') ?? ''
      if (!res.ok || !type.startsWith('image/')) throw new Error(`HTTP ${res.status} ${type}`)
      const bytes = Buffer.from(await res.arrayBuffer())
      if (failing) logger.info({ url: shown }, 'snapshot URL answers again')
      failing = false
      onFrame({ source: `http:${shown}`, bytes, capturedAt: new Date(), label: shown })
    } catch (err) {
      // One line per outage, not one per poll.
      if (!failing) logger.warn({ url: shown, err: (err as Error).message }, 'snapshot URL failed; still polling')
      failing = true
    } finally {
      if (!stopped) timer = setTimeout(() => void poll(onFrame), options.intervalMs)
    }
  }

  return {
    name: `http:${shown}`,
    async start(onFrame) {
      logger.info({ url: shown, intervalMs: options.intervalMs }, 'polling snapshot URL')
      void poll(onFrame)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
