import { webcrypto } from 'node:crypto';

type TokenJwk = webcrypto.JsonWebKey & { kid: string };

/**
 * A new signing key for the access tokens the API issues (customers', OAuth clients') (ADR 23): an EC P-256 private JWK with a `kid`,
 * as `TOKEN_SIGNING_KEY` takes it, and its public half, as `TOKEN_RETIRED_KEYS`
 * lists it once the next key takes over.
 */
export async function newTokenKey(kid: string): Promise<{ privateJwk: TokenJwk; publicJwk: TokenJwk }> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const { kty, crv, x, y, d } = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
  return { privateJwk: { kty, crv, x, y, d, kid }, publicJwk: { kty, crv, x, y, kid } };
}
