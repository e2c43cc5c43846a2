import { createMiddleware } from 'hono/factory';
import type { PartnerAuthEnv } from '../../auth/partner-auth';
import { refuseReplayedSignature } from '../../auth/signature-replay';
import { ApiError } from '../../errors/problem';
import { IDEMPOTENCY_KEY } from '../../input/idempotency-key';
import { requestHash } from '../write/request-hash';
import type { IdempotencyScope } from '../write/write-once';

export interface PimDeliveryEnv {
  Bindings: PartnerAuthEnv['Bindings'];
  Variables: PartnerAuthEnv['Variables'] & { delivery: IdempotencyScope };
}

/**
 * Names the delivery for at-most-once processing, right after authentication: QStash's
 * `Upstash-Message-Id` (the same on every retry of one message) for signed deliveries, the
 * required `Idempotency-Key` for partners calling with a key. Keys are namespaced by sender, so
 * two partners cannot collide, and bound to the body's hash and the operation (`kind`). A signed
 * delivery's message id is also bound to its signature: one signature, one message id.
 */
export const pimDelivery = (kind: string) =>
  createMiddleware<PimDeliveryEnv>(async (c, next) => {
    const caller = c.get('partnerCaller');
    const header = caller.kind === 'qstash' ? 'Upstash-Message-Id' : 'Idempotency-Key';
    const id = caller.kind === 'qstash' ? caller.messageId : c.req.header('Idempotency-Key');
    if (id === undefined || !IDEMPOTENCY_KEY.test(id)) {
      throw new ApiError(
        'idempotency_key_required',
        id === undefined
          ? `The ${header} header is required: it makes a redelivery change nothing.`
          : `The ${header} header must be 1 to 255 visible ASCII characters.`,
      );
    }
    if (caller.kind === 'qstash') {
      await refuseReplayedSignature(c.get('database')(), caller.token, id, c.get('requestId'));
    }
    const source = caller.kind === 'qstash' ? 'qstash' : `partner:${caller.partner}`;
    c.set('delivery', {
      messageId: `${source}:${id}`,
      source,
      kind,
      requestHash: await requestHash(c.get('rawBody')),
      header,
    });
    await next();
  });

/** The id the sender gave the delivery, without our namespace: what responses report. */
export const deliveryIdOf = (scope: IdempotencyScope): string =>
  scope.messageId.slice(scope.source.length + 1);
