import { schema } from '@edge-commerce/db';
import { MAX_AMOUNT } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { Amount, Currency } from '../../catalog/write/fields';
import { Instant } from '../../input/instant';
import { Text } from '../../input/text';
import { Count, Integer, IssuedCursor, IssuedId, Timestamp } from '../../openapi/bounded';
import { MAX_USAGE_LIMIT, PERCENT_OFF_RANGE } from './promotion-rules';

// Request and response bodies of the promotion admin routes. Types and shapes are checked here
// (400 `validation_failed`); the shop's rules (ranges, what a kind needs, currencies sold,
// windows, limits) in promotion-rules.ts, so every broken rule comes back at once as a 422.

/** As shoppers type codes and support reads them out: letters, digits, '-' and '_'. */
export const PromotionCode = Text({ min: 3, max: 64 })
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters A-Z, digits, - and _ only')
  .openapi({
    description:
      'Stored as given; unique whatever its case (`SUMMER25` and `summer25` are one code), and shoppers may type it in any case.',
    example: 'SUMMER25',
  });

const PromotionKind = z.enum(schema.PROMOTION_KINDS).openapi({
  description:
    '`percentage` takes `percentOff`; `fixed_amount` takes `amountOff`; `free_shipping` takes neither.',
  example: 'percentage',
});

const MoneyInput = z
  .strictObject({
    amount: Amount.openapi({ description: 'Integer minor units.', example: 500 }),
    currency: Currency,
  })
  .openapi('PromotionMoneyInput', {
    description: 'An amount in minor units and a currency some market sells in.',
  });

const PercentOff = z.number().int('must be a whole number of basis points').openapi({
  format: 'int32',
  minimum: PERCENT_OFF_RANGE.min,
  maximum: PERCENT_OFF_RANGE.max,
  description: 'Basis points: 1 = 0.01%, 2500 = 25%, 10000 = 100%. Required for, and only for, `percentage`.',
  example: 2500,
});

const UsageLimit = z.number().int('must be a whole number of orders').openapi({
  format: 'int32',
  minimum: 1,
  maximum: MAX_USAGE_LIMIT,
  description: 'Orders that may be placed with the code, all shoppers together. Absent or null: no limit.',
  example: 500,
});

const MinimumSubtotal = MoneyInput.openapi({
  description:
    'The cart subtotal (before discounts) from which the code applies, in this currency. For `fixed_amount`, the currency of `amountOff`.',
});

export const AdminPromotionCreate = z
  .strictObject({
    code: PromotionCode,
    kind: PromotionKind,
    percentOff: PercentOff.optional(),
    amountOff: MoneyInput.optional().openapi({
      description: 'The amount taken off the order. Required for, and only for, `fixed_amount`.',
    }),
    minimumSubtotal: MinimumSubtotal.optional(),
    startsAt: Instant.optional().openapi({ description: 'Inclusive; absent: usable at once.' }),
    endsAt: Instant.optional().openapi({
      description: 'Exclusive, after `startsAt`; absent: until deactivated.',
    }),
    usageLimit: UsageLimit.optional(),
    active: z.boolean().default(true).openapi({ description: 'Default true.' }),
  })
  .openapi('AdminPromotionCreate');

// What the code gives is fixed at creation (ADR 20): carts may hold the code and orders were
// priced by it. The strict object refuses those fields; its message says so.
const FIXED_TERMS = ['code', 'kind', 'percentOff', 'amountOff'];
const atLeastOneField = (body: object) => Object.keys(body).length > 0;

export const AdminPromotionPatch = z
  .strictObject(
    {
      active: z
        .boolean()
        .optional()
        .openapi({ description: 'false deactivates the code: no cart or order can use it.' }),
      startsAt: Instant.nullable().optional().openapi({ description: '`null`: usable at once.' }),
      endsAt: Instant.nullable().optional().openapi({ description: '`null`: until deactivated.' }),
      usageLimit: UsageLimit.nullable().optional().openapi({
        description: 'Not below the uses already counted; `null` removes the limit.',
      }),
      minimumSubtotal: MinimumSubtotal.nullable().optional().openapi({ description: '`null` removes it.' }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' && issue.keys.some((key) => FIXED_TERMS.includes(key))
          ? `${issue.keys.join(', ')} cannot change: what a code gives is fixed once created, because carts may hold it and orders were priced by it. Deactivate this promotion and create a new code instead.`
          : undefined,
    },
  )
  .refine(atLeastOneField, 'must change at least one field')
  .openapi('AdminPromotionPatch', {
    description:
      'Fields to change; absent fields keep their value. The code, kind and amounts cannot change (deactivate and create a new code).',
  });

// Responses.

const Money = z
  .object({
    amount: Integer(0, MAX_AMOUNT).openapi({ example: 500 }),
    currency: z.string().length(3).openapi({ example: 'EUR' }),
  })
  .openapi('PromotionMoney');

export const AdminPromotion = z
  .object({
    id: IssuedId('promo_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    code: z.string().max(64).openapi({ example: 'SUMMER25' }),
    kind: PromotionKind,
    percentOff: Integer(PERCENT_OFF_RANGE.min, PERCENT_OFF_RANGE.max).nullable(),
    amountOff: Money.nullable(),
    minimumSubtotal: Money.nullable(),
    startsAt: Timestamp().nullable(),
    endsAt: Timestamp().nullable(),
    usageLimit: Integer(1, MAX_USAGE_LIMIT).nullable(),
    usageCount: Count().openapi({ description: 'Orders placed with the code.' }),
    active: z.boolean(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('AdminPromotion');

export const AdminPromotionList = z
  .object({
    data: z.array(AdminPromotion).max(100),
    nextCursor: IssuedCursor().nullable().openapi({
      description: 'Pass back as `cursor` for the next page; `null` on the last page.',
    }),
  })
  .openapi('AdminPromotionList');

export const PromotionIdParam = z.object({
  promotionId: Text({ max: 100 }).openapi({
    param: { name: 'promotionId', in: 'path' },
    example: 'promo_01jd7x6q2n8v0c4r5s6t7u8v9w',
  }),
});

/** An example promotion, as the routes answer it. */
export const PROMOTION_EXAMPLE = {
  id: 'promo_01jd7x6q2n8v0c4r5s6t7u8v9w',
  code: 'SUMMER25',
  kind: 'percentage',
  percentOff: 2500,
  amountOff: null,
  minimumSubtotal: { amount: 5000, currency: 'EUR' },
  startsAt: '2026-06-01T00:00:00.000Z',
  endsAt: '2026-09-01T00:00:00.000Z',
  usageLimit: 500,
  usageCount: 0,
  active: true,
  createdAt: '2026-05-20T10:00:00.123Z',
  updatedAt: '2026-05-20T10:00:00.123Z',
} as const;
