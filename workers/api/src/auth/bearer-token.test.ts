import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { bearerToken } from './bearer-token';
import { secretsEqual } from './secrets-equal';

describe('bearerToken', () => {
  it.each([
    ['Bearer pk_live_abc123', 'pk_live_abc123'],
    ['bearer   pk_live_abc123  ', 'pk_live_abc123'],
    ['Bearer a.b-c_d~e+f/g==', 'a.b-c_d~e+f/g=='],
  ])('reads %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer two tokens',
    'Bearer tok\u00e9n',
  ])('refuses %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});

describe('secretsEqual', () => {
  it('tells equal from different secrets, whatever their lengths', async () => {
    expect(await secretsEqual('sk_test_same', 'sk_test_same')).toBe(true);
    expect(await secretsEqual('sk_test_same', 'sk_test_sam')).toBe(false);
    expect(await secretsEqual('', 'sk_test_same')).toBe(false);
  });
});

describe('QStash signing keys in the configuration', () => {
  const base = { DATABASE_URL: 'postgres://u@db.example/app' };

  it('are accepted together and absent together', () => {
    expect(loadConfig({ ...base }).ok).toBe(true);
    expect(
      loadConfig({ ...base, QSTASH_CURRENT_SIGNING_KEY: 'sig_a', QSTASH_NEXT_SIGNING_KEY: 'sig_b' }).ok,
    ).toBe(true);
  });

  it('are refused one without the other', () => {
    expect(loadConfig({ ...base, QSTASH_CURRENT_SIGNING_KEY: 'sig_a' })).toEqual({
      ok: false,
      problems: ['QSTASH_NEXT_SIGNING_KEY and QSTASH_CURRENT_SIGNING_KEY must be set together'],
    });
  });
});
