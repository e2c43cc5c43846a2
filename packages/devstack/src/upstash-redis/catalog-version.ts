/**
 * The Worker's catalog cache keys every entry by the number at this key (see
 * workers/api/src/cache/catalog-redis.ts: `<prefix>:version`, prefix `catalog`).
 */
export const CATALOG_VERSION_KEY = 'catalog:version';

/**
 * Moves the catalog cache to a version no entry was stored under, exactly as a catalog write
 * does. `npm start` calls it because the database may have changed while the stack was down
 * (`npm run db:reset`, another branch's seed), and a Redis from REDIS_URL or wrangler's
 * persisted Cache API would otherwise still answer with what it rendered before.
 */
export async function startNewCatalogVersion(url: string, token: string, now = Date.now()): Promise<number> {
  const response = await fetch(`${url}/multi-exec`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([
      ['SET', CATALOG_VERSION_KEY, String(now), 'NX'],
      ['INCR', CATALOG_VERSION_KEY],
    ]),
  });
  const body: unknown = await response.json();
  const version: unknown = Array.isArray(body) ? Reflect.get(body[1] ?? {}, 'result') : undefined;
  if (!response.ok || typeof version !== 'number') {
    // A garbage value (not an integer) is replaced outright: any fresh number does the job.
    const reset = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(['SET', CATALOG_VERSION_KEY, String(now)]),
    });
    if (!reset.ok) throw new Error(`Could not start a new catalog version: ${await reset.text()}`);
    return now;
  }
  return version;
}
