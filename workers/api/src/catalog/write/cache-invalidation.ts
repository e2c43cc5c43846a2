import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { describeError, log } from '../../log';

/**
 * Tells the catalog cache that the catalog changed, after the transaction committed. The change
 * is already durable, so a cache failure must not turn it into an error the client would retry
 * as if nothing had happened: it is logged loudly, and entries expire by their TTL.
 */
export async function invalidateCatalogCache<E extends AppEnv>(c: Context<E>): Promise<void> {
  try {
    await c.get('catalogCache').invalidate();
  } catch (error) {
    log('error', 'catalog cache invalidation failed after a committed write', {
      requestId: c.get('requestId'),
      error: describeError(error),
    });
  }
}
