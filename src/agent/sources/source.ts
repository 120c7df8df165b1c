import type { Frame } from '../frame-processor.ts'

/** Where a source hands its frames; `endEvent` closes a tracked event whose frames carried its id. */
export interface FrameSink {
  (frame: Frame): void
}

/** Something that produces frames: a folder, a polled snapshot URL, Frigate. */
export interface FrameSource {
  readonly name: string
  start(onFrame: FrameSink, onEventEnd?: (eventId: string) => void): Promise<void>
  stop(): Promise<void>
  /** What the source is set to and has seen, for `homeward-agent status` and logs. */
  describe?(): Record<string, unknown>
}

export const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp)$/i
