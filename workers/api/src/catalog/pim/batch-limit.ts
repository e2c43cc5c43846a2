import { createMiddleware } from 'hono/factory';
import type { PartnerAuthEnv } from '../../auth/partner-auth';
import { ApiError } from '../../errors/problem';

/**
 * Refuses a batch over `max` items with 413 `batch_too_large` before it is validated item by
 * item: an oversized batch is one precise error, not hundreds of per-item ones. Bodies that are
 * not JSON pass through, for the validator to report as such.
 */
export const batchLimit = (field: string, max: number) =>
  createMiddleware<PartnerAuthEnv>(async (c, next) => {
    let items: unknown;
    try {
      // The raw body keeps a leading byte-order mark (the signature covers it); JSON.parse does not take one.
      const json = c.get('rawBody').replace(/^\ufeff/, '');
      items = (JSON.parse(json) as Record<string, unknown> | null)?.[field];
    } catch {
      items = undefined;
    }
    if (Array.isArray(items) && items.length > max) {
      throw new ApiError(
        'batch_too_large',
        `The batch has ${items.length} ${field}; send at most ${max} per request.`,
        { maxItems: max, items: items.length },
      );
    }
    await next();
  });
