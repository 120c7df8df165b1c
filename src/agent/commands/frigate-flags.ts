import { readFileSync } from 'node:fs'
import type { Logger } from 'pino'
import { SPECIES, type Species } from '../../contracts/species.ts'
import { frigateSource } from '../sources/frigate.ts'
import type { FrigateFilter } from '../sources/frigate-events.rules.ts'
import { checkMqttUrl } from '../sources/mqtt-connection.ts'
import type { FrameSource } from '../sources/source.ts'
import { type Flags, num, str, UsageError } from './shared.ts'

const list = (flags: Flags, name: string): string[] => (Array.isArray(flags[name]) ? (flags[name] as string[]) : [])

function labelsFrom(flags: Flags): FrigateFilter['labels'] {
  const labels = list(flags, 'frigate-label')
  for (const l of labels)
    if (l !== 'dog' && l !== 'cat') throw new UsageError(`--frigate-label ${l}: only dog and cat are ever taken`)
  return labels.length ? [...new Set(labels as Species[])] : [...SPECIES]
}

function checkHttpUrl(raw: string): void {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError(
      `--frigate-http ${JSON.stringify(raw)} is not a URL: write it as http://host:5000 or https://user@host:8971`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--frigate-http must be http:// or https://, not ${url.protocol}`)
}

/** The Frigate source the flags describe, or none; wrong values are usage errors (exit 2). */
export function frigateSourceFrom(flags: Flags, logger: Logger): FrameSource | undefined {
  const mqttUrl = str(flags, 'frigate-mqtt')
  const httpUrl = str(flags, 'frigate-http')
  if (Boolean(mqttUrl) !== Boolean(httpUrl))
    throw new UsageError('Frigate needs both --frigate-mqtt and --frigate-http')
  if (!mqttUrl || !httpUrl) return undefined
  checkMqttUrl(mqttUrl, '--frigate-mqtt')
  checkHttpUrl(httpUrl)
  const passwordFile = str(flags, 'frigate-password-file')
  let password: string | undefined
  if (passwordFile) {
    try {
      password = readFileSync(passwordFile, 'utf8').trim()
    } catch (err) {
      throw new UsageError(
        `--frigate-password-file: cannot read ${passwordFile} (${(err as NodeJS.ErrnoException).code})`,
      )
    }
  }
  const topicPrefix = str(flags, 'frigate-topic') ?? 'frigate'
  if (!/^[^#+]+$/.test(topicPrefix)) throw new UsageError('--frigate-topic must be a plain topic prefix (no # or +)')
  return frigateSource(
    {
      mqttUrl,
      httpUrl,
      topicPrefix,
      ...(password !== undefined && { password }),
      filter: {
        cameras: list(flags, 'frigate-camera'),
        zones: list(flags, 'frigate-zone'),
        labels: labelsFrom(flags),
        minScore: num(flags, 'frigate-min-score', 0.6, { min: 0, max: 1 }),
        skipFalsePositives: !flags['frigate-false-positives'],
      },
      policy: {
        maxFetches: num(flags, 'frigate-max-snapshots', 3, { min: 1, max: 20 }),
        maxHoldMs: num(flags, 'frigate-hold', 60, { min: 1, max: 3600 }) * 1000,
      },
    },
    logger,
  )
}
