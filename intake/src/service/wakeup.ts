/**
 * A loop's sleep that work can cut short: `notify` wakes the sleeper at once, otherwise it wakes after the
 * timeout (so work that arrived without a notice, such as a restart's leftovers, is still found).
 */
export class Wakeup {
  #wake: (() => void) | undefined;
  #pending = false;

  notify(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /** Resolves on the next notice (or one that came since the last sleep) or after `ms`. */
  sleep(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        this.#pending = false;
        done();
      };
    });
  }
}

/** Exponential back-off from `minMs` to `maxMs`, reset by a success. */
export class Backoff {
  readonly #minMs: number;
  readonly #maxMs: number;
  #currentMs: number;

  constructor(minMs: number, maxMs: number) {
    this.#minMs = minMs;
    this.#maxMs = maxMs;
    this.#currentMs = minMs;
  }

  /** The delay before the next try, doubled for the one after. */
  next(): number {
    const delay = this.#currentMs;
    this.#currentMs = Math.min(this.#maxMs, this.#currentMs * 2);
    return delay;
  }

  reset(): void {
    this.#currentMs = this.#minMs;
  }
}
