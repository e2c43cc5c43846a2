import { webcrypto } from 'node:crypto';

type TokenJwk = webcrypto.JsonWebKey & { kid: string };

/**
 * A new signing key for customer access tokens (ADR 23): an EC P-256 private JWK with a `kid`,
 * as `CUSTOMER_TOKEN_SIGNING_KEY` takes it, and its public half, as `CUSTOMER_TOKEN_RETIRED_KEYS`
 * lists it once the next key takes over.
 */
export async function newCustomerTokenKey(
  kid: string,
): Promise<{ privateJwk: TokenJwk; publicJwk: TokenJwk }> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const { kty, crv, x, y, d } = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
  return { privateJwk: { kty, crv, x, y, d, kid }, publicJwk: { kty, crv, x, y, kid } };
}
