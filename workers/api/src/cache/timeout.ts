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
