import { z } from '@hono/zod-openapi';
import { renderedBody } from '../storefront/cached-read';

/**
 * The strong ETag of an admin representation: the SHA-256 of the exact JSON body sent (the
 * storefront's derivation, so one client handles both).
 *
 * Derived from the body rather than from `updated_at` or a version column because the admin
 * views span several tables: a product's body carries its variants, price windows, media and
 * category paths, and writes to those rows (a new price, a renamed category) leave the product
 * row's `updated_at` as it was. The hash changes exactly when what the operator saw changes,
 * needs no migration and no trigger on every child table, and a strong tag then means what
 * RFC 9110 says it means: byte-identical bodies. See ADR 10.
 */
export async function entityTagOf(representation: unknown): Promise<string> {
  return (await renderedBody(representation)).etag;
}

/** The `ETag` response header of single-resource admin answers, for the OpenAPI document. */
export const EntityTagHeaders = z.object({
  ETag: z
    .string()
    .max(100)
    .openapi({
      description:
        'Strong validator of this representation (the SHA-256 of the body). Send it back as `If-Match` ' +
        'to change the resource only if nobody changed it since.',
      example: '"q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc"',
    }),
  'Cache-Control': z.string().max(100).openapi({
    description: 'Admin answers are never stored by shared or private caches.',
    example: 'private, no-store',
  }),
});
