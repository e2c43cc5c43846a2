import type { StoredEntry } from './stored-entry';

// How long a miss waits for another request's render of the same key before rendering itself.
// A render takes milliseconds; one this old belongs to a request that was cancelled or is stuck,
// and waiting longer would tie this request's fate to it.
const FLIGHT_WAIT_MS = 5_000;

interface Flight {
  /** The entry, or undefined if the render failed: a waiter then renders for itself. */
  entry: Promise<StoredEntry | undefined>;
  startedAt: number;
}

/**
 * The renders under way in one isolate, by key (single flight): a miss that finds one waits for
 * its entry instead of rendering the same thing again. Waiting crosses request contexts, which
 * workerd allows (it runs a promise's continuations in the request that awaits it); a waiter
 * still never depends on another request for longer than FLIGHT_WAIT_MS, nor on its failure.
 */
export class RenderFlights {
  private readonly flights = new Map<string, Flight>();

  /** Whether a render of `key` is under way that a miss at `now` should wait for. */
  has(key: string, now: number): boolean {
    const flight = this.flights.get(key);
    return flight !== undefined && now - flight.startedAt < FLIGHT_WAIT_MS;
  }

  /** The entry of the render of `key` under way, or undefined if there is none, it failed or it is too slow. */
  async wait(key: string, now: number): Promise<StoredEntry | undefined> {
    const flight = this.flights.get(key);
    const waitMs = flight ? flight.startedAt + FLIGHT_WAIT_MS - now : 0;
    if (!flight || waitMs <= 0) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tooLong = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
    });
    try {
      return await Promise.race([flight.entry, tooLong]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  /** Runs the render of `key`, for others to wait for until it settles; its outcome is the caller's. */
  async fly<T extends { entry: StoredEntry }>(key: string, now: number, render: Promise<T>): Promise<T> {
    const flight: Flight = {
      entry: render.then(
        (rendered) => rendered.entry,
        () => undefined,
      ),
      startedAt: now,
    };
    this.flights.set(key, flight);
    try {
      return await render;
    } finally {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    }
  }
}
