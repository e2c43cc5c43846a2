import { z } from '@hono/zod-openapi';

/**
 * A named schema or `null`. `.nullable()` on a schema registered as a component renders as
 * `allOf: [$ref, { type: [object, null] }]` (or a bare `$ref`), which no `null` satisfies, so a
 * client or validator built from /openapi.json would reject the API's own answers. A union
 * renders as `anyOf: [$ref, { type: null }]`, which says what the API sends.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);
