import { catalogWrites } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { catalogEvent } from '../write/events';
import { assertPriceWindowLimit, checkPriceWindow, type PriceWindowDraft } from '../write/price-rules';
import { RuleViolations } from '../write/rule-violations';
import { writeOnce } from '../write/write-once';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { adminIdempotencyScope } from './idempotency';
import { assertPrecondition, IfMatchHeader, preconditionOfRequest } from './if-match';
import { assertIdShape, notFound } from './not-found';
import { VariantIdParam } from './params';
import { AdminPricesSet, AdminVariant, IdempotencyKeyHeader } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/variants/{variantId}/prices',
  operationId: 'adminSetPrices',
  tags: ['Admin'],
  summary: "Set a variant's prices",
  description: `Creates or changes price windows of the variant, each keyed by currency and \`startsAt\`
(absent = since forever); windows not named are kept. Amounts are integer minor units. Each window
created or changed records a \`PriceUpdated\` event; a window sent with the values it has changes
nothing. Admin prices keep the PIM version of the window (0 for new ones): the next newer PIM price
for the window wins.

Errors: 404 \`not_found\`, 400 \`validation_failed\` (negative or fractional amounts, unknown
currencies), 422 \`rule_violated\` (\`compareAtAmount\` not above \`amount\`, \`endsAt\` not after
\`startsAt\`, a window twice; every violation listed), 412 \`precondition_failed\`.

**Concurrency**: \`If-Match\` is optional. With the variant's \`ETag\` (from its GET, or the answer of a
PATCH or of this route) the prices are set only if the variant, prices included, is still as read;
else 412 and nothing changes. The answer carries the variant's new \`ETag\`.`,
  ...requires(adminAccess),
  request: {
    params: VariantIdParam,
    headers: IdempotencyKeyHeader.extend(IfMatchHeader.shape),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminPricesSet,
          example: { prices: [{ currency: 'EUR', amount: 4900, compareAtAmount: 5900 }] },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The variant with all its price windows, and its new `ETag`.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminVariant } },
    },
    ...problemResponses(...commonProblems, 401, 404, 412, 422, 503),
  },
});

export function registerSetPrices(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { variantId } = c.req.valid('param');
    const { prices } = c.req.valid('json');
    const precondition = preconditionOfRequest(c.req.valid('header')['if-match']);
    assertIdShape('variant', variantId);
    const answer = await writeOnce(c, await adminIdempotencyScope(c), {
      prepare: async () => checkWindows(prices),
      apply: async (tx) => {
        const productId = await catalogWrites.productOfVariant(tx, variantId);
        const product = productId ? await catalogWrites.lockProduct(tx, productId) : undefined;
        const variant = product?.variants.find((candidate) => candidate.id === variantId);
        if (!variant) throw notFound('variant', variantId);
        await assertPrecondition(precondition, 'variant', () => catalogWrites.readVariantView(tx, variantId));
        const planned = prices.map((price) => ({
          id: newId('price'),
          currency: price.currency,
          amount: price.amount,
          compareAtAmount: price.compareAtAmount ?? null,
          startsAt: price.startsAt ?? null,
          endsAt: price.endsAt ?? null,
        }));
        const changed = await catalogWrites.upsertAdminPrices(tx, variantId, planned);
        if (changed.some((price) => price.change === 'created')) {
          await assertPriceWindowLimit(tx, [{ variantId, path: 'prices' }], 'rule_violated', 'price list');
        }
        const occurredAt = new Date();
        await catalogWrites.appendOutboxEvents(
          tx,
          changed.map((price) =>
            catalogEvent(
              'PriceUpdated',
              price.id,
              {
                priceId: price.id,
                variantId,
                sku: variant.sku,
                currency: price.currency,
                amount: price.amount,
                compareAtAmount: price.compareAtAmount,
                startsAt: price.startsAt,
                endsAt: price.endsAt,
                pimVersion: price.pimVersion,
                change: price.change,
                source: 'admin',
              },
              occurredAt,
            ),
          ),
        );
        const view = await catalogWrites.readVariantView(tx, variantId);
        if (!view) throw notFound('variant', variantId);
        return { status: 200 as const, body: view, changed: changed.length > 0 };
      },
    });
    return c.json(answer.body, answer.status, { ...answer.headers, ETag: await entityTagOf(answer.body) });
  });
}

function checkWindows(prices: readonly (PriceWindowDraft & { currency: string })[]): void {
  const violations = new RuleViolations();
  const windows = new Map<string, number>();
  prices.forEach((price, index) => {
    checkPriceWindow(price, `prices[${index}]`, violations);
    const key = `${price.currency} ${price.startsAt ?? ''}`;
    const first = windows.get(key);
    if (first === undefined) windows.set(key, index);
    else
      violations.add(
        `prices[${index}]`,
        `repeats the window of prices[${first}] (same currency and startsAt)`,
      );
  });
  violations.throwIfAny('rule_violated', 'price list');
}
