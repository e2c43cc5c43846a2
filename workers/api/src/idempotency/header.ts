import { z } from '@hono/zod-openapi';
import { IdempotencyKey } from '../input/idempotency-key';

/** The `Idempotency-Key` header of a POST that `idempotentWrites` guards, as documented on each. */
export const IdempotentWriteHeader = z.object({
  'idempotency-key': IdempotencyKey.optional().openapi({
    description:
      'Optional. A retry with the same key and the same parameters answers as the first request did ' +
      '(`Idempotent-Replayed: true`) and does nothing again, for 24 hours; the same key with other ' +
      'parameters is 422 `idempotency_key_reused`; a retry while the first is still running is 409 ' +
      '`idempotency_key_in_use`. Keys are the caller’s own. Answers of a dependency that was down (5xx) ' +
      'and refused credentials or bodies are not kept, so a retry runs again.',
    example: '6f1c2a8e-4f0b-4c36-9d55-2b1f6f0f5b1a',
  }),
});
