import { afterEach, describe, expect, it, vi } from 'vitest';
import bindings from '../../../../tests/setup/integration-bindings.json' with { type: 'json' };
import { type Config, loadConfig } from '../config';
import { CUSTOMER_AUDIENCE, signAccessToken, verifyAccessToken } from './access-tokens';

function config(overrides: Record<string, string> = {}): Config {
  const result = loadConfig({
    DATABASE_URL: 'postgres://u@db.example/app',
    TOKEN_SIGNING_KEY: bindings.TOKEN_SIGNING_KEY,
    TOKEN_RETIRED_KEYS: bindings.TOKEN_RETIRED_KEYS,
    ...overrides,
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config;
}

const sign = (at: Config, ttlSeconds = 60) =>
  signAccessToken(at, {
    audience: CUSTOMER_AUDIENCE,
    subject: 'cus_1',
    ttlSeconds,
    claims: { sid: 'ses_1' },
  });

afterEach(() => vi.useRealTimers());

describe('verifyAccessToken', () => {
  it('stops taking a token it verified once its expiry (and the clock tolerance) has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
    const at = config();
    const token = await sign(at);
    expect((await verifyAccessToken(at, token))?.payload.sub).toBe('cus_1');
    // Remembered now: still good within its lifetime and the 30 s tolerance…
    vi.setSystemTime(new Date('2026-12-02T10:01:29Z'));
    expect(await verifyAccessToken(at, token)).toBeDefined();
    // …and refused after, though this isolate verified it before.
    vi.setSystemTime(new Date('2026-12-02T10:01:31Z'));
    expect(await verifyAccessToken(at, token)).toBeUndefined();
  });

  it('remembers exact tokens only: one character changed is verified, and refused', async () => {
    const at = config();
    const token = await sign(at);
    expect(await verifyAccessToken(at, token)).toBeDefined();
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expect(await verifyAccessToken(at, `${token.slice(0, -2)}${last}${token.at(-1)}`)).toBeUndefined();
  });

  it("takes no token under another deployment's issuer, whatever this isolate verified", async () => {
    const at = config();
    const token = await sign(at);
    expect(await verifyAccessToken(at, token)).toBeDefined();
    expect(
      await verifyAccessToken(config({ TOKEN_ISSUER: 'https://elsewhere.example' }), token),
    ).toBeUndefined();
  });
});
