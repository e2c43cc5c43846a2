import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * Marks every admin answer `Cache-Control: private, no-store` (the conventions' rule for anything
 * personal): unpublished products and the operator's view of the catalog must not be kept by a
 * shared cache or on the operator's disk. Set after the route has run, so refusals (401, 404,
 * 412, ...) carry it too.
 */
export const privateResponses = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    c.header('Cache-Control', 'private, no-store');
  });
