import { z } from '@hono/zod-openapi';

/**
 * `schema` or `null`, for a schema registered as a component (`.openapi('Name')`). Its own
 * `.nullable()` loses the null in `/openapi.json`: zod-to-openapi 9.1 renders it as a bare `$ref`,
 * or (with metadata) as `allOf: [$ref, { type: ['object', 'null'] }]`, which no `null` satisfies,
 * so documentation and generated clients say the field is never null. A union renders as
 * `anyOf: [$ref, { type: 'null' }]`, which says what the API sends. Same value, same inferred type.
 */
export function nullableRef<T extends z.ZodType>(schema: T): z.ZodUnion<[T, z.ZodNull]> {
  return z.union([schema, z.null()]);
}
