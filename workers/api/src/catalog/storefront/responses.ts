import { z } from '@hono/zod-openapi';

export const STOREFRONT_TAG = 'Storefront';

/** The caching headers of every storefront 200 and 304, for the OpenAPI document. */
export const cacheHeaders = z.object({
  ETag: z.string().max(100).openapi({
    description: 'Strong validator: the SHA-256 of the body. Send it back in `If-None-Match`.',
    example: '"q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc"',
  }),
  'Cache-Control': z.string().max(100).openapi({
    description: 'Public and short-lived; stale copies may be served while revalidating.',
    example: 'public, max-age=60, stale-while-revalidate=300',
  }),
});

export const notModified = {
  description: 'The client’s copy (its `If-None-Match`) is current; no body.',
  headers: cacheHeaders,
};
