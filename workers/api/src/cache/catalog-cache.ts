/**
 * A rendered catalog response, as cached: the exact JSON body and its strong ETag, so a hit is
 * served (or answered 304) without rendering anything.
 */
export interface CachedBody {
  body: string;
  etag: string;
  /**
   * The body as UTF-8, where the isolate keeps it so: workerd sends bytes markedly faster than it
   * encodes a large string, which shows on warm list pages.
   */
  encoded?: Uint8Array<ArrayBuffer> | undefined;
}

/**
 * The catalog read cache. Routes ask for a key; on a miss `load` renders from Postgres and the
 * result is stored. Catalog writes that change what shoppers see have `invalidate()` called
 * after their transaction commits (by publishCatalogInvalidations, ADR 18), and from then on no
 * read returns an entry rendered before the write. The cache is never the only copy of
 * anything: when it fails, reads fall through to `load`.
 */
export interface CatalogCache {
  read(key: string, load: () => Promise<CachedBody>): Promise<CachedBody & { source: 'cache' | 'database' }>;
  /**
   * Makes every entry rendered so far unreachable: in this isolate at once, elsewhere within the
   * bound of ADR 6. Answers whether the shared layer took it (with none, trivially yes); when it
   * did not, the caller keeps its record of the invalidation for a later attempt.
   */
  invalidate(): Promise<boolean>;
  /**
   * Re-reads the shared version now, and if it moved, stops serving anything rendered before,
   * as an invalidation here would: what a writer calls when another publisher may have bumped
   * the version for its write.
   */
  confirmVersion(): Promise<void>;
  /**
   * The warm path: the body a repeat of `address` (a request's path and query, as sent) may be
   * answered with, found synchronously in this isolate, or undefined. Only what `read` would
   * serve for the same request at this moment is ever returned.
   */
  readByAddress(address: string): CachedBody | undefined;
  /**
   * Records that the request at `address` was answered with the entry under `key`, for
   * `readByAddress`. Skipped when the request's reads did not all see one catalog version.
   */
  rememberAddress(address: string, key: string): void;
}

/** No caching at all: every read renders from the database. */
export const uncachedCatalog: CatalogCache = {
  read: async (_key, load) => ({ ...(await load()), source: 'database' }),
  invalidate: async () => true,
  confirmVersion: async () => {},
  readByAddress: () => undefined,
  rememberAddress: () => {},
};
