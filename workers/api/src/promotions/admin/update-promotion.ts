import { promotions } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { EntityTagHeaders, entityTagOf } from '../../catalog/admin/entity-tag';
import { assertPrecondition, IfMatchHeader, preconditionOfRequest } from '../../catalog/admin/if-match';
import { assertIdShape, notFound } from '../../catalog/admin/not-found';
import { writeOnce } from '../../catalog/write/write-once';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { promotionRuleBreaks } from './promotion-rules';
import { AdminPromotion, AdminPromotionPatch, PROMOTION_EXAMPLE, PromotionIdParam } from './schemas';

const route = createRoute({
  method: 'patch',
  path: '/v1/admin/promotions/{promotionId}',
  operationId: 'adminUpdatePromotion',
  tags: ['Admin'],
  summary: 'Change when and how often a promotion can be used',
  description: `Changes the given fields: \`active\` (false deactivates the code), \`startsAt\`,
\`endsAt\`, \`usageLimit\` and \`minimumSubtotal\` (\`null\` clears the last four). There is no
DELETE: deactivate a code instead, since the orders placed with it still name it.

What a code gives cannot change (\`code\`, \`kind\`, \`percentOff\`, \`amountOff\`): carts may hold the
code and orders were priced by it, and a promotion whose terms moved under them would make those
disagree with it. Deactivate it and create a new code. \`usageLimit\` cannot go below the uses
already counted; a change waits for an order placing the code at the same moment, and is checked
against the count that order leaves.

**Concurrency**: \`If-Match\` is optional. With the \`ETag\` of a GET (or of the previous PATCH) the
change applies only if the promotion is still exactly what that tag names, checked and written in
one transaction while the promotion is locked: of two operators sending the same tag, one wins and
the other gets 412. An order placed with the code counts a use, which changes the tag. \`*\` matches
any promotion; weak tags never match. The answer carries the new \`ETag\`.

Errors: 404 \`not_found\`, 400 \`validation_failed\` (malformed fields, a field that cannot change,
a malformed \`If-Match\`), 412 \`precondition_failed\` (nothing changed), 422 \`rule_violated\` (every
broken rule listed in \`errors\`: \`endsAt\` not after \`startsAt\`, \`usageLimit\` below 1 or below the
uses counted, a minimum subtotal of 0, in a currency no market sells in or other than \`amountOff\`'s).`,
  ...requires(adminAccess),
  request: {
    params: PromotionIdParam,
    headers: IfMatchHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminPromotionPatch,
          example: { endsAt: '2026-10-01T00:00:00Z', usageLimit: 1000 },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The promotion as updated, with its new `ETag`.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminPromotion, example: PROMOTION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 404, 412, 422, 503),
  },
});

export function registerUpdatePromotion(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { promotionId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const precondition = preconditionOfRequest(c.req.valid('header')['if-match']);
    assertIdShape('promotion', promotionId);
    const answer = await writeOnce(c, undefined, {
      prepare: async () => promotions.shopCurrencies(c.get('database')()),
      apply: async (tx, soldCurrencies) => {
        const before = await promotions.lockPromotion(tx, promotionId);
        if (!before) throw notFound('promotion', promotionId);
        await assertPrecondition(precondition, 'promotion', async () => before);
        const changes = {
          active: patch.active ?? before.active,
          startsAt: patch.startsAt === undefined ? before.startsAt : patch.startsAt,
          endsAt: patch.endsAt === undefined ? before.endsAt : patch.endsAt,
          usageLimit: patch.usageLimit === undefined ? before.usageLimit : patch.usageLimit,
          minimumSubtotal:
            patch.minimumSubtotal === undefined ? before.minimumSubtotal : patch.minimumSubtotal,
        };
        promotionRuleBreaks(
          { ...before, ...changes },
          {
            // A currency already stored stays acceptable (a market that stops selling in it is no
            // reason to refuse ending the code); one the request sends must be sold now.
            soldCurrencies: [
              ...soldCurrencies,
              ...storedCurrencies(before, patch.minimumSubtotal !== undefined),
            ],
            usageCount: before.usageCount,
            windowPath: patch.endsAt === undefined ? 'startsAt' : 'endsAt',
          },
        ).throwIfAny('rule_violated', 'change');
        await promotions.updatePromotion(tx, promotionId, changes);
        const view = await promotions.readPromotion(tx, promotionId);
        if (!view) throw notFound('promotion', promotionId);
        return { status: 200 as const, body: view, changed: false };
      },
    });
    return c.json(answer.body, answer.status, { ...answer.headers, ETag: await entityTagOf(answer.body) });
  });
}

function storedCurrencies(promotion: promotions.PromotionView, minimumReplaced: boolean): string[] {
  const stored = [
    promotion.amountOff?.currency,
    minimumReplaced ? undefined : promotion.minimumSubtotal?.currency,
  ];
  return stored.filter((currency): currency is string => currency !== undefined);
}
