import { z } from '@hono/zod-openapi';

/** Visible ASCII, as Stripe and the IETF Idempotency-Key draft allow; bounded so it indexes well. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * An `Idempotency-Key` (or `Upstash-Message-Id`) header, as documented. Its check is made where
 * the key is read (`pimDelivery`, `adminIdempotencyScope`), which every route that takes one
 * passes through before validation, so a bad key is `idempotency_key_required` everywhere.
 */
export const IdempotencyKey = z.string().openapi({ maxLength: 255, pattern: IDEMPOTENCY_KEY.source });
