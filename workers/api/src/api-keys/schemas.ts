import { SCOPES } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { Text } from '../input/text';
import { Integer, IssuedCursor, IssuedId, Timestamp } from '../openapi/bounded';

// Request and response bodies of /v1/admin/api-keys. A key's secret appears in exactly two
// answers, creation and rotation, and in no other (ADR 22).

const Scope = z.enum(SCOPES).openapi({
  description: '`admin` carries every other scope.',
  example: 'pim:write',
});

const Holder = z
  .string()
  .max(63)
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits and -, not starting with -')
  .openapi({
    description:
      'Who holds the key (a partner system, an operator): logs and rate limits name the caller by it.',
    example: 'acme-pim',
  });

export const ApiKeyCreate = z
  .strictObject({
    name: Text({ min: 1, max: 100, trim: true }).openapi({
      description: 'What the key is for.',
      example: 'PIM sync',
    }),
    holder: Holder,
    scopes: z
      .array(Scope)
      .min(1, 'must name at least one scope')
      .max(SCOPES.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, 'must not name a scope twice'),
  })
  .openapi('ApiKeyCreate');

/** 7 days: long enough for a partner to deploy a new key, short enough that a leak does not linger. */
export const MAX_GRACE_SECONDS = 7 * 24 * 60 * 60;
export const DEFAULT_GRACE_SECONDS = 24 * 60 * 60;

export const ApiKeyRotate = z
  .strictObject({
    gracePeriodSeconds: Integer(0, MAX_GRACE_SECONDS)
      .default(DEFAULT_GRACE_SECONDS)
      .openapi({
        description: `How long the old key keeps working, 0-${MAX_GRACE_SECONDS} (7 days). Default ${DEFAULT_GRACE_SECONDS} (a day).`,
        example: 3600,
      }),
  })
  .openapi('ApiKeyRotate');

export const ApiKeyIdParam = z.object({
  keyId: z
    .string()
    .max(100)
    .openapi({ param: { name: 'keyId', in: 'path' }, example: 'key_01jd8c4r7t2n9v5x3q6w8y0z1a' }),
});

export const ApiKey = z
  .object({
    id: IssuedId('key_01jd8c4r7t2n9v5x3q6w8y0z1a'),
    name: z.string().max(100).openapi({ example: 'PIM sync' }),
    holder: z.string().max(63).openapi({ example: 'acme-pim' }),
    mode: z
      .enum(['live', 'test'])
      .openapi({ description: '`live` keys open production only, `test` keys the rest.' }),
    scopes: z
      .array(z.string().max(20))
      .max(SCOPES.length)
      .openapi({
        description: 'What the key may do (see the `apiKey` security scheme).',
        example: ['pim:write'],
      }),
    hint: z.string().max(12).openapi({ description: 'The key’s first characters.', example: 'sk_live_Xq3T' }),
    status: z.enum(['active', 'expired', 'revoked']),
    createdBy: z
      .string()
      .max(100)
      .openapi({ description: 'The key that created it, or `bootstrap`.', example: 'bootstrap' }),
    createdAt: Timestamp(),
    expiresAt: Timestamp()
      .nullable()
      .openapi({ description: 'Set when rotated: the end of its grace period.' }),
    revokedAt: Timestamp().nullable(),
    rotatedToId: z.string().max(100).nullable().openapi({ description: 'Its successor, once rotated.' }),
    lastUsedAt: Timestamp().nullable().openapi({ description: 'Accurate to a few minutes.' }),
  })
  .openapi('ApiKey');

export const ApiKeyWithSecret = ApiKey.extend({
  key: z.string().max(60).openapi({
    description: 'The secret. Shown in this answer only: store it now, it cannot be read again.',
    example: 'sk_live_Xq3T9mVb2Lr8Kd0Pw5Ny7Hc1Fj4Gs6Ae3Zu9Qo2Ti8',
  }),
}).openapi('ApiKeyWithSecret');

export const ApiKeyList = z
  .object({
    data: z.array(ApiKey).max(100),
    nextCursor: IssuedCursor().nullable().openapi({
      description: 'Pass back as `cursor` for the next page; `null` on the last page.',
    }),
  })
  .openapi('ApiKeyList');

export const API_KEY_EXAMPLE = {
  id: 'key_01jd8c4r7t2n9v5x3q6w8y0z1a',
  name: 'PIM sync',
  holder: 'acme-pim',
  mode: 'live' as const,
  scopes: ['pim:write' as const],
  hint: 'sk_live_Xq3T',
  status: 'active' as const,
  createdBy: 'bootstrap',
  createdAt: '2026-12-01T09:30:00.000Z',
  expiresAt: null,
  revokedAt: null,
  rotatedToId: null,
  lastUsedAt: '2026-12-01T11:05:00.000Z',
};
