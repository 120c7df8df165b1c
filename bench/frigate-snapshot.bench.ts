// npm run bench:frigate [-- --events N]: how often the frame the agent embeds for a Frigate event yields a
// pet crop, first snapshot (the old agent: the `new` message's) against the best-snapshot policy (the
// agent now). Each recorded event is a real photo from ../shared/data (Oxford-IIIT Pet dogs and cats)
// walking in from the frame's left edge over the snapshots Frigate would pick (30 % visible, 60 %,
// whole), with Frigate's messages replayed on a simulated clock: new, two better snapshots, duplicate
// updates, end. Both arms run the real agent (decode, detector, embedder) in --dry-run. Prints JSON.
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { createAgent } from '../src/agent/agent.ts'
import { agentPaths } from '../src/agent/device.ts'
import {
  decide,
  DEFAULT_POLICY,
  type EventState,
  fetched,
  observe,
  startEvent,
} from '../src/agent/sources/best-snapshot.rules.ts'
import { snapshotOf } from '../src/agent/sources/frigate-events.rules.ts'
import { createVisionPipeline } from '../src/vision/index.ts'
import {
  enteringEvent,
  FRAME_H,
  FRAME_W,
  frigateAfter,
  hasSharedData,
  photosOf,
  type RecordedFrame,
  yard,
} from '../test/agent/support/frigate-sequence.ts'

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '40' } } })
const EVENTS = Number(args.events)
if (!hasSharedData) throw new Error('bench:frigate needs ../shared/data (real pet photos)')

const pipeline = await createVisionPipeline()
const logger = pino({ level: 'silent' })
const agent = await createAgent({
  paths: agentPaths(path.join(os.tmpdir(), `hw-bench-frigate-${process.pid}`)),
  logger,
  analyzer: pipeline,
  mode: 'standard',
  dryRun: true,
  print: () => {},
})

const half = Math.ceil(EVENTS / 2)
const animals = [
  ...(await photosOf('dog', half)).map((f) => ({ f, label: 'dog' })),
  ...(await photosOf('cat', EVENTS - half)).map((f) => ({ f, label: 'cat' })),
]
const backgrounds = await Promise.all((await photosOf('negatives', 8)).filter((f) => existsSync(f)).map(yard))

/** Frigate's messages for one event: [seconds after start, type, index of the snapshot frame]. */
type Script = readonly [number, 'new' | 'update' | 'end', number][]
const SCRIPTS: Record<string, Script> = {
  // Walks in within a second: Frigate's updates come in a burst.
  brisk: [
    [0, 'new', 0],
    [0.4, 'update', 1],
    [0.8, 'update', 2],
    [1.2, 'update', 2],
    [1.6, 'update', 2],
    [5, 'end', 2],
  ],
  // Dawdles at the edge: each better snapshot comes after the agent's settle time, so it fetches again.
  slow: [
    [0, 'new', 0],
    [1.5, 'update', 1],
    [3, 'update', 2],
    [3.5, 'update', 2],
    [8, 'end', 2],
  ],
}

const box = (f: RecordedFrame) => ({
  x: f.box[0] / FRAME_W,
  y: f.box[1] / FRAME_H,
  width: (f.box[2] - f.box[0]) / FRAME_W,
  height: (f.box[3] - f.box[1]) / FRAME_H,
})

const rate = (n: number) => Math.round((n / animals.length) * 1000) / 1000
const results: Record<string, unknown> = {}
const started = performance.now()
for (const [name, script] of Object.entries(SCRIPTS)) {
  let firstFramePet = 0
  let bestPet = 0
  let analyses = 0
  let maxAnalyses = 0
  const chosen: Record<string, number> = {}
  const sentFrom: Record<string, number> = {}
  for (const [i, { f, label }] of animals.entries()) {
    const frames = await enteringEvent(f, backgrounds[i % backgrounds.length]!)
    const id = `1700000000.${i}-${name}`
    const species = label as 'dog' | 'cat'
    // Old agent: the snapshot of the `new` message, whatever pet the detector finds in it.
    const first = await agent.processFrame({
      source: `first-${name}-${i}`,
      bytes: frames[0]!.jpeg,
      capturedAt: new Date(),
    })
    if (first.kind === 'sighted') firstFramePet++

    // The agent now: the policy decides, on Frigate's clock, which snapshots to fetch.
    let state: EventState = startEvent({ id, camera: 'yard', species, startTime: 1_700_000_000 }, 0)
    let fetches = 0
    const fetchedFrames: number[] = []
    let settled = false
    for (let t = 0; t <= 70_000 && !settled; t += 100) {
      for (const [at, type, frame] of script) {
        if (Math.round(at * 1000) !== t) continue
        const after = frigateAfter(
          id,
          'yard',
          label,
          1_700_000_000,
          frames[frame]!,
          type === 'end' ? { has_snapshot: true, end_time: 1_700_000_005 } : {},
        )
        state = observe(state, snapshotOf(after as never), { ended: type === 'end', hasSnapshot: type === 'end' }, t)
      }
      const action = decide(state, DEFAULT_POLICY, t)
      if (action?.kind === 'fetch') {
        const index = frames.findIndex((fr) => 1_700_000_000 + fr.at === action.snapshot.frameTime)
        fetches++
        fetchedFrames.push(index)
        await agent.processFrame({
          source: 'frigate:yard',
          bytes: frames[index]!.jpeg,
          capturedAt: new Date(index * 1000),
          event: { id, species, box: box(frames[index]!) },
        })
        state = fetched(state, action.snapshot)
      } else if (action?.kind === 'settle') settled = true
    }
    const outcome = await agent.endEvent(id)
    if (outcome.kind === 'sighted') {
      bestPet++
      const sent = `snapshot ${new Date(outcome.sightings[0]!.capturedAt).getTime() / 1000}`
      sentFrom[sent] = (sentFrom[sent] ?? 0) + 1
    }
    analyses += fetches
    maxAnalyses = Math.max(maxAnalyses, fetches)
    const key = fetchedFrames.join('+') || 'none'
    chosen[key] = (chosen[key] ?? 0) + 1
  }
  results[name] = {
    script: script.map(([at, type, frame]) => `${at}s ${type} snapshot ${frame}`).join(', '),
    firstSnapshot: { petCrop: firstFramePet, rate: rate(firstFramePet), analysesPerEvent: 1 },
    bestSnapshotPolicy: {
      petCrop: bestPet,
      rate: rate(bestPet),
      analysesPerEvent: Math.round((analyses / animals.length) * 100) / 100,
      maxAnalysesPerEvent: maxAnalyses,
      snapshotsFetched: chosen,
      sightingFrom: sentFrom,
    },
  }
}
await agent.stop()

console.log(
  JSON.stringify(
    {
      bench: 'frigate-best-snapshot',
      events: animals.length,
      entry: 'from the left edge: 30 % visible, 60 %, whole (the snapshots Frigate picks)',
      ...results,
      policy: DEFAULT_POLICY,
      model: pipeline.modelId,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    },
    null,
    2,
  ),
)
