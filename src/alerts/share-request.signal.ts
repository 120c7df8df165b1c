/**
 * Wakes a camera's waiting long-poll (GET /api/devices/share-requests) the moment its owner asks for a
 * share in this process. Other API processes (or Worker isolates, where there is no LISTEN) are
 * covered by the waiter's own periodic re-check, so this is a shortcut, never the only path.
 */
export class ShareRequestSignal {
  readonly #events = new EventTarget() // web-standard: the same on Node and Workers
  /** One pending long-poll per device token: a newer one ends the older, which then answers empty. */
  readonly #pending = new Map<string, AbortController>()

  notify(cameraId: string) {
    this.#events.dispatchEvent(new Event(cameraId))
  }

  /** Resolves on the camera's next request, after `ms`, or when `signal` aborts, whichever comes first. */
  wait(cameraId: string, ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.#events.removeEventListener(cameraId, done)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.#events.addEventListener(cameraId, done)
      signal.addEventListener('abort', done, { once: true })
    })
  }

  /** Claims the device's one long-poll slot; an older holder is aborted. Release with the returned function. */
  claim(tokenId: string): { signal: AbortSignal; release: () => void } {
    this.#pending.get(tokenId)?.abort()
    const controller = new AbortController()
    if (this.#ending) controller.abort() // draining: answer at once, the agent reconnects to another process
    this.#pending.set(tokenId, controller)
    return {
      signal: controller.signal,
      release: () => {
        if (this.#pending.get(tokenId) === controller) this.#pending.delete(tokenId)
      },
    }
  }

  #ending = false

  /** On shutdown: every held long-poll answers (empty) now, so draining does not wait out their 25 s. */
  endAll() {
    this.#ending = true
    for (const controller of this.#pending.values()) controller.abort()
  }

  /** Long-polls held open now, for tests and metrics. */
  get pendingCount() {
    return this.#pending.size
  }
}
