import { describe, expect, it } from 'vitest';
import { verifiedTokenIdentity } from './qstash-token';

const part = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const jwtWith = (claims: unknown) => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;

describe('verifiedTokenIdentity', () => {
  it('reads jti and exp, the expiry extended by the clock tolerance', () => {
    const token = verifiedTokenIdentity(jwtWith({ iss: 'Upstash', jti: 'jwt_abc', exp: 1_800_000_000 }), 5);
    expect(token).toEqual({ id: 'jwt_abc', expiresAt: new Date(1_800_000_005_000) });
  });

  it.each([
    ['no jti', { exp: 1_800_000_000 }],
    ['an empty jti', { jti: '', exp: 1_800_000_000 }],
    ['a jti that is not text', { jti: 7, exp: 1_800_000_000 }],
    ['an overlong jti', { jti: 'j'.repeat(256), exp: 1_800_000_000 }],
    ['no exp: it would verify forever', { jti: 'jwt_abc' }],
    ['an exp that is not a number', { jti: 'jwt_abc', exp: '1800000000' }],
    ['claims that are not an object', 'jwt_abc'],
  ])('gives nothing for a token with %s', (_case, claims) => {
    expect(verifiedTokenIdentity(jwtWith(claims), 5)).toBeUndefined();
  });

  it('gives nothing for text that is not a JWT', () => {
    expect(verifiedTokenIdentity('not-a-jwt', 5)).toBeUndefined();
    expect(verifiedTokenIdentity('a.%%%.b', 5)).toBeUndefined();
  });
});
