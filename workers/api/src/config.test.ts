import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const valid = { DATABASE_URL: 'postgres://u:p@db.example/app' };

describe('loadConfig', () => {
  it('applies defaults for everything optional', () => {
    const result = loadConfig({ ...valid });
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        ENVIRONMENT: 'production',
        APP_VERSION: 'dev',
        MAX_BODY_BYTES: 1048576,
      }),
    });
  });

  it('names every missing or malformed variable', () => {
    const result = loadConfig({ DATABASE_URL: 'mysql://x', MAX_BODY_BYTES: 'lots', LOG_LEVEL: 'loud' });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres:// connection string',
      expect.stringMatching(/^MAX_BODY_BYTES /),
      expect.stringMatching(/^LOG_LEVEL /),
    ]);
  });

  it('names what replaced the old key variables instead of ignoring them', () => {
    const result = loadConfig({ ...valid, ADMIN_API_KEY: 'x'.repeat(40), PARTNER_API_KEYS: '[]' });
    expect(result).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^ADMIN_API_KEY was replaced by BOOTSTRAP_ADMIN_KEY/),
        expect.stringMatching(/^PARTNER_API_KEYS was replaced by stored API keys/),
      ],
    });
    expect(loadConfig({ ...valid, BOOTSTRAP_ADMIN_KEY: 'short' }).ok).toBe(false);
    expect(loadConfig({ ...valid, BOOTSTRAP_ADMIN_KEY: 'x'.repeat(32) }).ok).toBe(true);
  });

  it('refuses the local database bridge in production', () => {
    const result = loadConfig({
      ...valid,
      ENVIRONMENT: 'production',
      DATABASE_WS_PROXY: '127.0.0.1:55433/v1',
    });
    expect(result).toEqual({
      ok: false,
      problems: ['DATABASE_WS_PROXY is a local-development bridge and must not be set in production'],
    });
  });

  it('takes Stripe keys by their prefixes and refuses the stand-in URL in production', () => {
    const stripe = {
      ...valid,
      STRIPE_SECRET_KEY: 'sk_live_51HxYzAbCdEf',
      STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
    };
    expect(loadConfig(stripe).ok).toBe(true);
    for (const key of ['sk_test_abc', 'rk_live_abc', 'rk_test_abc'])
      expect(loadConfig({ ...stripe, STRIPE_SECRET_KEY: key }).ok).toBe(true);
    for (const key of ['pk_live_abc', 'sk_abc', 'sk_live_', 'sk_live_a b'])
      expect(loadConfig({ ...stripe, STRIPE_SECRET_KEY: key }).ok).toBe(false);
    for (const secret of ['whsec_', 'whsec_abc\n', 'abc'])
      expect(loadConfig({ ...stripe, STRIPE_WEBHOOK_SECRET: secret }).ok).toBe(false);
    const standIn = { ...stripe, STRIPE_BASE_URL: 'http://127.0.0.1:55436' };
    expect(loadConfig({ ...standIn, ENVIRONMENT: 'development' }).ok).toBe(true);
    expect(
      loadConfig({ ...standIn, ENVIRONMENT: 'development', STRIPE_BASE_URL: 'http://127.0.0.1:55436/v1' }).ok,
    ).toBe(false);
    expect(loadConfig(standIn)).toEqual({
      ok: false,
      problems: [
        'STRIPE_BASE_URL points the Stripe SDK at a local stand-in and must not be set in production',
      ],
    });
    expect(loadConfig({ ...stripe, STRIPE_EVENTS_RETENTION_DAYS: '7' }).ok).toBe(false);
  });

  it('refuses a Resend key in production without the sender and the storefront its links open', () => {
    const production = { ...valid, ENVIRONMENT: 'production', RESEND_API_KEY: 're_live' };
    expect(loadConfig(production)).toEqual({
      ok: false,
      problems: ['RESEND_API_KEY needs EMAIL_FROM and STOREFRONT_URL in production'],
    });
    const complete = {
      ...production,
      EMAIL_FROM: 'Shop <accounts@shop.example>',
      STOREFRONT_URL: 'https://shop.example',
    };
    expect(loadConfig(complete).ok).toBe(true);
    expect(loadConfig({ ...complete, STOREFRONT_URL: 'https://shop.example/' }).ok).toBe(false);
    expect(loadConfig({ ...complete, EMAIL_FROM: 'accounts at shop' }).ok).toBe(false);
    expect(loadConfig({ ...valid, RESEND_API_KEY: 're_test', ENVIRONMENT: 'development' }).ok).toBe(true);
  });

  it('keeps processed message ids 90 days by default, and refuses a window under a day', () => {
    expect(loadConfig({ ...valid })).toMatchObject({ config: { PROCESSED_MESSAGES_RETENTION_DAYS: 90 } });
    expect(loadConfig({ ...valid, PROCESSED_MESSAGES_RETENTION_DAYS: '120' })).toMatchObject({
      config: { PROCESSED_MESSAGES_RETENTION_DAYS: 120 },
    });
    expect(loadConfig({ ...valid, PROCESSED_MESSAGES_RETENTION_DAYS: '0' })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^PROCESSED_MESSAGES_RETENTION_DAYS /)],
    });
  });

  it('validates a given env object once', () => {
    const env = { ...valid };
    expect(loadConfig(env)).toBe(loadConfig(env));
  });
});
