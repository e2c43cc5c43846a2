import { z } from 'zod';
import { RetiredTokenKeys, TokenSigningKey } from './auth/token-key-config';
import { EventRoutes } from './events/event-routes';

const postgresUrl = z
  .string({ error: 'is required' })
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// connection string');

/** Every variable and secret the Worker reads. `.dev.vars.example` documents each one. */
export const ConfigSchema = z
  .object({
    ENVIRONMENT: z.enum(['development', 'test', 'production']).default('production'),
    DATABASE_URL: postgresUrl,
    DATABASE_WS_PROXY: z
      .string()
      .regex(/^[\w.-]+:\d+(\/\S*)?$/, 'must look like host:port/path')
      .optional(),
    APP_VERSION: z.string().min(1).max(100).default('dev'),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Upstash Redis (REST). Unset: the catalog cache is off and reads go to Postgres. */
    UPSTASH_REDIS_REST_URL: z.url({ protocol: /^https?$/ }).optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    CATALOG_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /** How long an isolate trusts the catalog version before asking Redis again (ADR 6); 0: every read. */
    CATALOG_VERSION_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /** Every catalog cache call (Redis, Cache API) gives up after this and the read goes to Postgres. */
    CATALOG_CACHE_TIMEOUT_MS: z.coerce.number().int().min(1).max(5_000).default(100),
    /** Namespace of the cache's keys, so environments (or test suites) can share one Redis. */
    CATALOG_CACHE_PREFIX: z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .default('catalog'),
    /**
     * How long an inbound message id is remembered (and a redelivery replayed) before the cron
     * deletes it. QStash's last retry comes within about 16 days and its DLQ keeps a message
     * up to 30 days more, so 90 days outlasts a republished message's own retries too.
     */
    PROCESSED_MESSAGES_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
    /**
     * Listings the every-minute cron refreshes per transaction when price windows pass (ADR 16):
     * a PIM or admin commit to one of them waits for at most one such batch.
     */
    STALE_LISTINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Batches one cron run refreshes at most; the next minute's run goes on from there. */
    STALE_LISTINGS_BATCHES_PER_RUN: z.coerce.number().int().min(1).max(1_000).default(100),
    /**
     * Wall time after which a run starts no further batch. Well under the cron's minute (and
     * the lease, 50 s), so that runs never overlap and a run's last batch ends before the next.
     */
    STALE_LISTINGS_RUN_BUDGET_MS: z.coerce.number().int().min(100).max(30_000).default(20_000),
    /**
     * Requests a minute an anonymous caller (one IP) may send, counted in each isolate before
     * routing (ADR 15); 0 turns the limit off. Server-side storefronts call with a key instead.
     */
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
    /** Requests a minute one API key (admin, partner) may send, likewise; 0: off. */
    RATE_LIMIT_KEY_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(6_000),
    /**
     * How long a cart's stock reservation holds without the cart touching it (ADR 19): its
     * InventoryObject's alarm frees it then. Between 1 minute and 1 day.
     */
    RESERVATION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    /**
     * How long a cart with lines may go unchanged before its CartObject records `CartAbandoned`
     * (for the reminder email and marketing). Between 1 minute and 30 days; default 1 hour.
     */
    CART_ABANDONED_AFTER_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(3_600),
    /** Namespace of the exact, global rate-limit counters in Redis (routes' strict buckets). */
    RATE_LIMIT_PREFIX: z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .default('ratelimit'),
    /**
     * Browser origins of the shop's front-ends, comma-separated (`https://shop.example.com`):
     * they may call storefront and cart routes from a page. Admin and integration routes allow none.
     */
    STOREFRONT_ORIGINS: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/,
              'each must be an origin: scheme and host (and port), lower case, no path or trailing slash',
            ),
        ),
      ),
    /** QStash signing keys; unset: signed deliveries are refused (API keys still work). */
    QSTASH_CURRENT_SIGNING_KEY: z.string().min(1).optional(),
    QSTASH_NEXT_SIGNING_KEY: z.string().min(1).optional(),
    /** QStash's publishing token. Unset: integration events stay in the outbox, unpublished. */
    QSTASH_TOKEN: z.string().min(1).optional(),
    /** Where the QStash SDK publishes instead of qstash.upstash.io: the local stand-in. */
    QSTASH_URL: z
      .url({ protocol: /^https?$/ })
      .refine(
        (url) => /^https?:\/\/[^/?#]+\/?$/.test(url),
        'must be an origin: scheme, host and port, no path',
      )
      .optional(),
    /**
     * The API's public origin (https://api.shop.example), where QStash reports each event
     * delivery's attempts and failures (ADR 33). Unset: deliveries stay `published`, unreported.
     */
    PUBLIC_API_URL: z
      .url({ protocol: /^https?$/ })
      .refine(
        (url) => /^https?:\/\/[^/?#]+\/?$/.test(url),
        'must be an origin: scheme, host and port, no path',
      )
      .optional(),
    /** Which events go to which destination (ADR 33); JSON. Unset: none is published. */
    EVENT_ROUTES: EventRoutes.default({}),
    /** Days a published event stays in the outbox (replays read it there) before the cron deletes it. */
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    /**
     * The first operator's key (ADR 22): every scope, from configuration, so a new deployment can
     * create its stored keys. Unset: only stored keys open anything.
     */
    BOOTSTRAP_ADMIN_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * The key customer access tokens are signed with (ADR 23): an EC P-256 private JWK with a
     * `kid`, as JSON. Unset: registration, login and every customer route answer 503.
     */
    TOKEN_SIGNING_KEY: TokenSigningKey.optional(),
    /**
     * Public JWKs of keys that signed tokens before the current one, as a JSON array: still
     * accepted and published in the JWKS until the tokens they signed have expired.
     */
    TOKEN_RETIRED_KEYS: RetiredTokenKeys.default([]),
    /** `iss` of the tokens this API issues and the only issuer it accepts. */
    TOKEN_ISSUER: z.string().min(1).max(200).default('edge-commerce'),
    /** Lifetime of a customer access token: what a logout or revoked session leaves open at most. */
    CUSTOMER_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(900),
    /** Lifetime of an OAuth client-credentials token (ADR 24): what a revoked key leaves open at most. */
    OAUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(900),
    /** Lifetime of a refresh token from its issue; each refresh issues a new one. */
    CUSTOMER_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Logins one account may attempt from one address per 15 minutes (right or wrong); 0: off. */
    LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(0).max(10_000).default(10),
    /** Logins one address may attempt per 15 minutes, whichever accounts they name; 0: off. */
    LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000).default(100),
    /** Accounts one address may register per hour; 0: off. */
    REGISTRATIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000).default(20),
    /**
     * Resend (ADR 25): the API key emails are sent with. Unset: emails wait in the outbox (and a
     * password reset, which cannot wait, answers 503) until it is set.
     */
    RESEND_API_KEY: z.string().min(1).optional(),
    /** Where the Resend SDK sends (the local stand-in); unset: Resend's own API. */
    RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Stripe (ADR 27): the secret key the `stripe` SDK calls with, `sk_test_…`/`sk_live_…` or a
     * restricted `rk_test_…`/`rk_live_…`. Unset: nothing can call Stripe (the checkout will answer 503).
     */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/,
        'must be a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_…)',
      )
      .optional(),
    /**
     * The signing secret of the webhook endpoint that posts to /v1/integrations/stripe/webhooks
     * (`whsec_…`). Unset: that route answers 503 `payments_unavailable` and Stripe retries.
     */
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\S+$/, 'must be a webhook signing secret (whsec_…) without spaces')
      .optional(),
    /**
     * Where the SDK sends instead of api.stripe.com: the local stand-in (its scheme, host and port;
     * the SDK takes no path). Refused in production.
     */
    STRIPE_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .refine(
        (url) => /^https?:\/\/[^/?#]+\/?$/.test(url),
        'must be an origin: scheme, host and port, no path',
      )
      .optional(),
    /**
     * Days a received Stripe event is kept (deduplicating its redeliveries) before the cron deletes
     * it. At least 30: Stripe retries for up to 3 days, and lists and resends an event for 30.
     */
    STRIPE_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(30).max(3_650).default(90),
    /**
     * The secret that scrambles order numbers (ADR 28): at least 16 characters, and never changed
     * once orders exist (their numbers would change). Unset: checkout answers 503.
     */
    ORDER_NUMBER_KEY: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
    /**
     * Orders whose charge Stripe rated at this risk level or above wait for review (`on_hold`)
     * instead of going to the warehouse; `never` holds none.
     */
    ORDER_HOLD_RISK_LEVEL: z.enum(['elevated', 'highest', 'never']).default('elevated'),
    /** The sender of the shop's emails, `Shop <accounts@shop.example>`; its domain verified at Resend. */
    EMAIL_FROM: z
      .string()
      .max(320)
      .regex(/^([^<>]{1,200} )?<?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'must be an address or `Name <address>`')
      .optional(),
    /** The shop's name, as emails sign with it. */
    SHOP_NAME: z.string().min(1).max(100).default('Edge Commerce'),
    /**
     * The storefront that account links open (`https://shop.example.com`): it serves
     * /account/verify-email and /account/reset-password, reading the token from the fragment.
     */
    STOREFRONT_URL: z
      .url({ protocol: /^https?$/ })
      .regex(/[^/]$/, 'must not end with a slash')
      .optional(),
    /** How long an address-verification link works, in hours (1-168). */
    EMAIL_VERIFICATION_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    /** How long a password-reset link works, in minutes (5-1440). */
    PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1_440).default(60),
    /** Password-reset emails per hour for one account (default 3), and per address in all (20); 0: off. */
    PASSWORD_RESETS_PER_ACCOUNT: z.coerce.number().int().min(0).max(1_000).default(3),
    PASSWORD_RESETS_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000).default(20),
    /** Days sent and given-up emails stay in the outbox (without their links) before the cron deletes them. */
    EMAIL_OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    // Replaced by ADR 22. Set, they fail the configuration by name rather than be silently
    // ignored: an operator who set a key expects it to work, or to hear why it does not.
    ADMIN_API_KEY: z
      .undefined({ error: 'was replaced by BOOTSTRAP_ADMIN_KEY (ADR 22): rename it' })
      .optional(),
    PARTNER_API_KEYS: z
      .undefined({
        error:
          'was replaced by stored API keys (ADR 22): create each partner a key with POST /v1/admin/api-keys and the bootstrap key',
      })
      .optional(),
  })
  .refine((config) => !(config.ENVIRONMENT === 'production' && config.DATABASE_WS_PROXY), {
    path: ['DATABASE_WS_PROXY'],
    message: 'is a local-development bridge and must not be set in production',
  })
  .refine((config) => !(config.ENVIRONMENT === 'production' && config.QSTASH_URL), {
    path: ['QSTASH_URL'],
    message: 'points the QStash SDK at a local stand-in and must not be set in production',
  })
  .refine((config) => !(config.ENVIRONMENT === 'production' && config.STRIPE_BASE_URL), {
    path: ['STRIPE_BASE_URL'],
    message: 'points the Stripe SDK at a local stand-in and must not be set in production',
  })
  .refine(
    (config) =>
      config.ENVIRONMENT !== 'production' ||
      config.STOREFRONT_ORIGINS.every((origin) => origin.startsWith('https://')),
    { path: ['STOREFRONT_ORIGINS'], message: 'must be https:// origins in production' },
  )
  .refine((config) => !config.UPSTASH_REDIS_REST_URL === !config.UPSTASH_REDIS_REST_TOKEN, {
    path: ['UPSTASH_REDIS_REST_TOKEN'],
    message: 'and UPSTASH_REDIS_REST_URL must be set together',
  })
  .refine((config) => !config.TOKEN_RETIRED_KEYS.some((key) => key.kid === config.TOKEN_SIGNING_KEY?.kid), {
    path: ['TOKEN_RETIRED_KEYS'],
    message: 'must not reuse the signing key’s kid',
  })
  .refine(
    (config) =>
      config.ENVIRONMENT !== 'production' ||
      !config.RESEND_API_KEY ||
      (config.EMAIL_FROM !== undefined && config.STOREFRONT_URL !== undefined),
    { path: ['RESEND_API_KEY'], message: 'needs EMAIL_FROM and STOREFRONT_URL in production' },
  )
  // The Receiver needs both: during a rotation QStash signs with either.
  .refine((config) => !config.QSTASH_CURRENT_SIGNING_KEY === !config.QSTASH_NEXT_SIGNING_KEY, {
    path: ['QSTASH_NEXT_SIGNING_KEY'],
    message: 'and QSTASH_CURRENT_SIGNING_KEY must be set together',
  });

export type Config = z.infer<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

// One parse per isolate: Workers hand the same `env` object to every request of an isolate, so
// the validation runs once at start-up, not per request, while tests that pass a different env
// still get it validated.
const parsed = new WeakMap<object, ConfigResult>();

export function loadConfig(env: object): ConfigResult {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = ConfigSchema.safeParse(env);
  const outcome: ConfigResult = result.success
    ? { ok: true, config: result.data }
    : {
        ok: false,
        problems: result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
      };
  parsed.set(env, outcome);
  return outcome;
}
