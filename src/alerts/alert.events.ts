import { EventEmitter } from 'node:events'

export interface AlertEvent {
  readonly alertId: string
  readonly kind: 'opened' | 'updated'
}

/**
 * Tells a camera owner's open event streams that one of their alerts changed. In-process: the match
 * workers and the HTTP server share it when they run together, as `npm start` runs them.
 */
export class AlertEvents {
  readonly #emitter = new EventEmitter().setMaxListeners(0)

  publish(ownerId: string, event: AlertEvent) {
    this.#emitter.emit(ownerId, event)
  }

  subscribe(ownerId: string, listener: (event: AlertEvent) => void): () => void {
    this.#emitter.on(ownerId, listener)
    return () => this.#emitter.off(ownerId, listener)
  }
}
