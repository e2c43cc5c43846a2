export class CacheTimeoutError extends Error {
  override readonly name = 'CacheTimeoutError';
}

/**
 * Settles with `work`, or rejects once `ms` have passed: a cache that answers slowly must cost
 * a read no more than that before it falls through to the database.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CacheTimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    // Narrowed here so that both Workers' and Node's timer types accept it.
    if (timer !== undefined) clearTimeout(timer);
  });
}

/**
 * A client's own abort at the deadline (the Upstash SDK's `signal`), reported as the timeout it
 * is; whichever of the two fires first, the log and the tests read the same words.
 */
export function asCacheTimeout(error: unknown, what: string, ms: number): unknown {
  const name = typeof error === 'object' && error !== null ? Reflect.get(error, 'name') : undefined;
  return name === 'TimeoutError' || name === 'AbortError'
    ? new CacheTimeoutError(`${what} took longer than ${ms} ms`)
    : error;
}
