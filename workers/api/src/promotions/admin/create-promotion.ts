import { promotions } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { adminIdempotencyScope } from '../../catalog/admin/idempotency';
import { IdempotencyKeyHeader } from '../../catalog/admin/schemas';
import { writeOnce } from '../../catalog/write/write-once';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { promotionRuleBreaks } from './promotion-rules';
import { AdminPromotion, AdminPromotionCreate, PROMOTION_EXAMPLE } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/promotions',
  operationId: 'adminCreatePromotion',
  tags: ['Admin'],
  summary: 'Create a promotion code',
  description: `Creates a code shoppers can apply to their cart: \`percentage\` (\`percentOff\` in basis
points, 2500 = 25%), \`fixed_amount\` (\`amountOff\`) or \`free_shipping\`; optionally from a
\`minimumSubtotal\`, within a window (\`startsAt\` inclusive, \`endsAt\` exclusive) and for at most
\`usageLimit\` orders. A use is counted when an order is placed with the code, never when a cart
applies it.

The code is stored as given and is unique whatever its case. What a code gives (\`code\`, \`kind\`,
\`percentOff\`, \`amountOff\`) cannot change later: deactivate it and create another.

Errors: 400 \`validation_failed\` (malformed fields: a code outside 3-64 letters, digits, \`-\` and
\`_\`, an unknown \`kind\`, a fractional amount), 409 \`promotion_code_taken\` (in any case),
422 \`rule_violated\` (every broken rule listed in \`errors\`: \`percentOff\` missing or outside
1-10000, \`amountOff\` missing or given for another kind, an amount of 0, a currency no market sells
in, a minimum subtotal in another currency than \`amountOff\`, \`endsAt\` not after \`startsAt\`,
\`usageLimit\` below 1), 422 \`idempotency_key_reused\`.`,
  ...requires(adminAccess),
  request: {
    headers: IdempotencyKeyHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminPromotionCreate,
          example: {
            code: 'SUMMER25',
            kind: 'percentage',
            percentOff: 2500,
            minimumSubtotal: { amount: 5000, currency: 'EUR' },
            startsAt: '2026-06-01T00:00:00Z',
            endsAt: '2026-09-01T00:00:00Z',
            usageLimit: 500,
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `Location` names the new promotion.',
      headers: {
        Location: { schema: { type: 'string', maxLength: 200 }, description: '/v1/admin/promotions/{id}' },
      },
      content: { 'application/json': { schema: AdminPromotion, example: PROMOTION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 409, 422, 503),
  },
});

export function registerCreatePromotion(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const promotion = {
      id: newId('promotion'),
      code: input.code,
      kind: input.kind,
      percentOff: input.percentOff ?? null,
      amountOff: input.amountOff ?? null,
      minimumSubtotal: input.minimumSubtotal ?? null,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      usageLimit: input.usageLimit ?? null,
      active: input.active,
    };
    const answer = await writeOnce(c, await adminIdempotencyScope(c), {
      prepare: async () => {
        const soldCurrencies = await promotions.shopCurrencies(c.get('database')());
        promotionRuleBreaks(promotion, { soldCurrencies, usageCount: 0, windowPath: 'endsAt' }).throwIfAny(
          'rule_violated',
          'promotion',
        );
      },
      apply: async (tx) => {
        if (!(await promotions.insertPromotion(tx, promotion))) {
          throw new ApiError(
            'promotion_code_taken',
            `A promotion already has the code ${input.code} (codes are unique whatever their case).`,
          );
        }
        const view = await promotions.readPromotion(tx, promotion.id);
        if (!view) throw new Error(`promotion ${promotion.id} vanished inside its own transaction`);
        // Nothing shoppers see in the catalog changed, so there are no cache entries to invalidate.
        return {
          status: 201 as const,
          body: view,
          headers: { Location: `/v1/admin/promotions/${promotion.id}` },
          changed: false,
        };
      },
    });
    return c.json(answer.body, answer.status, answer.headers);
  });
}
