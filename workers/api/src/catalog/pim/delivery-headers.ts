import { z } from '@hono/zod-openapi';
import { IdempotencyKey } from '../../input/idempotency-key';

/** The headers naming a delivery, documented on both PIM routes (checked by `pimDelivery`). */
export const DeliveryHeaders = z.object({
  'upstash-message-id': IdempotencyKey.optional().openapi({
    description:
      "QStash's message id, the same on every retry: required on signed deliveries (QStash sends " +
      'it). Not covered by the signature, so a signature is accepted with the first message id it ' +
      'came with only; each retry is signed anew.',
    example: 'msg_26hZCxZCuWyyTWPmSVBrNCtiJPAjmv2TBj9',
  }),
  'idempotency-key': IdempotencyKey.optional().openapi({
    description:
      'Required with a partner key: 1-255 visible ASCII characters, one per batch, reused on retries.',
    example: 'pim-export-2026-11-22T10:00:00Z-0007',
  }),
});
