import { z } from '@hono/zod-openapi';

// Bounded building blocks for what the API writes (responses, headers it documents): a client
// generated from /openapi.json can size its buffers and a validator can refuse a runaway body.
// Every bound is one the data already obeys: the inputs' limits or the columns' types.

const INT32_MAX = 2_147_483_647;

/** An integer in [min, max], with the OpenAPI `format` its range needs. */
export function Integer(min: number, max: number) {
  const fits32 = min >= -INT32_MAX - 1 && max <= INT32_MAX;
  return z
    .number()
    .int()
    .min(min)
    .max(max)
    .openapi({ format: fits32 ? 'int32' : 'int64' });
}

/** A count or a version: 0 up to the largest integer JSON numbers carry exactly. */
export const Count = () => Integer(0, Number.MAX_SAFE_INTEGER);

/** An id the API issued (`prod_…`): a prefix and at most 64 base32 characters. */
export const IssuedId = (example: string) => z.string().max(100).openapi({ example });

/** A handle, as the catalog stores it (at most 200 characters). */
export const StoredHandle = (example: string) => z.string().max(200).openapi({ example });

/** A UTC instant as the API writes it (`2026-11-20T09:30:00.000Z`). */
export const Timestamp = () =>
  z.string().max(40).openapi({ format: 'date-time', example: '2026-11-20T09:30:00.000Z' });

/** An opaque cursor, as every list issues it. */
export const IssuedCursor = () => z.string().max(512);
