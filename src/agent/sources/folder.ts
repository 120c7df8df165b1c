import fs from 'node:fs/promises'
import path from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { Logger } from 'pino'
import { type FrameSource, IMAGE_EXTENSIONS } from './source.ts'

export interface FolderSourceOptions {
  readonly dir: string
  /** Also analyse the images already in the folder at start (default: only new ones). */
  readonly includeExisting?: boolean
  /** Delete each snapshot from the watched folder once it is analysed (the encrypted copy stays). */
  readonly deleteProcessed?: boolean
  /** Poll instead of inotify: network shares and some NAS mounts need it. */
  readonly usePolling?: boolean
}

/** Snapshots a camera (or its NVR) writes into a folder. Capture time: the file's modification time. */
export function folderSource(options: FolderSourceOptions, logger: Logger): FrameSource {
  let watcher: FSWatcher | undefined
  const name = `folder:${path.resolve(options.dir)}`
  return {
    name,
    async start(onFrame) {
      watcher = watch(options.dir, {
        ignoreInitial: !options.includeExisting,
        // A camera writes a JPEG in several chunks: wait until its size stops changing.
        awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
        usePolling: options.usePolling ?? false,
        ignored: (file, stats) => Boolean(stats?.isFile() && !IMAGE_EXTENSIONS.test(file)),
      })
      watcher.on('add', (file) => {
        void (async () => {
          try {
            const [bytes, stat] = await Promise.all([fs.readFile(file), fs.stat(file)])
            onFrame({ source: name, bytes, capturedAt: stat.mtime, label: path.basename(file) })
            if (options.deleteProcessed) await fs.rm(file, { force: true })
          } catch (err) {
            logger.warn(
              { file: path.basename(file), err: (err as Error).message },
              'folder source: could not read a snapshot',
            )
          }
        })()
      })
      watcher.on('error', (err) => logger.error({ err: (err as Error).message }, 'folder source: watch failed'))
      await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()))
      logger.info({ dir: path.resolve(options.dir) }, 'watching folder for snapshots')
    },
    async stop() {
      await watcher?.close()
    },
  }
}
