import type { Frame } from '../frame-processor.ts'

/** Something that produces frames: a folder, a polled snapshot URL, Frigate. */
export interface FrameSource {
  readonly name: string
  start(onFrame: (frame: Frame) => void): Promise<void>
  stop(): Promise<void>
}

export const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp)$/i
