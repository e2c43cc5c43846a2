import { type CryptoKey, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import type { PrivateTokenKey, PublicTokenKey } from './token-key-config';

/**
 * Customer access tokens (ADR 23): ES256 JWTs (RFC 9068 `at+jwt`) naming the customer (`sub`)
 * and the session they came from (`sid`). Verifying one needs no database: the public keys are
 * imported once per isolate and chosen by the token's `kid`, so keys rotate by publishing the
 * next one in the JWKS before signing with it.
 */
const ALGORITHM = 'ES256';
const TOKEN_TYPE = 'at+jwt';
/** Customer tokens are for the storefront API: another audience's token is not one. */
export const CUSTOMER_AUDIENCE = 'storefront';
/** Clocks of the isolates and of the signer may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 30;

interface TokenKeys {
  signing: { kid: string; key: CryptoKey };
  verifying: Map<string, CryptoKey>;
  jwks: { keys: JWK[] };
}

const keysByConfig = new WeakMap<Config, Promise<TokenKeys>>();

/** Whether this deployment can issue customer tokens (it has a signing key). */
export const customerTokensConfigured = (config: Config): boolean =>
  config.CUSTOMER_TOKEN_SIGNING_KEY !== undefined;

function keysOf(config: Config): Promise<TokenKeys> {
  let keys = keysByConfig.get(config);
  if (!keys) {
    const signingKey = config.CUSTOMER_TOKEN_SIGNING_KEY;
    if (!signingKey) throw new Error('CUSTOMER_TOKEN_SIGNING_KEY is not set');
    keys = importKeys(signingKey, config.CUSTOMER_TOKEN_RETIRED_KEYS);
    // A failed import is not cached: the next request tries again.
    keys.catch(() => keysByConfig.delete(config));
    keysByConfig.set(config, keys);
  }
  return keys;
}

async function importKeys(signing: PrivateTokenKey, retired: readonly PublicTokenKey[]): Promise<TokenKeys> {
  const { d: _private, ...current } = signing;
  const published = [current, ...retired].map(
    ({ kty, crv, x, y, kid }): JWK => ({ kty, crv, x, y, kid, alg: ALGORITHM, use: 'sig' }),
  );
  const verifying = new Map<string, CryptoKey>();
  for (const jwk of published)
    verifying.set(jwk.kid as string, (await importJWK(jwk, ALGORITHM)) as CryptoKey);
  return {
    signing: {
      kid: signing.kid,
      key: (await importJWK({ ...signing, alg: ALGORITHM }, ALGORITHM)) as CryptoKey,
    },
    verifying,
    jwks: { keys: published },
  };
}

/** The public keys, as `/.well-known/jwks.json` serves them (RFC 7517). */
export async function publishedKeys(config: Config): Promise<{ keys: JWK[] }> {
  return (await keysOf(config)).jwks;
}

export interface AccessTokenClaims {
  customerId: string;
  sessionId: string;
  /** Epoch seconds. */
  issuedAt: number;
}

/** A signed access token for the customer's session, and its lifetime in seconds. */
export async function signAccessToken(
  config: Config,
  subject: { customerId: string; sessionId: string },
): Promise<{ token: string; expiresIn: number }> {
  const { signing } = await keysOf(config);
  const expiresIn = config.CUSTOMER_ACCESS_TOKEN_TTL_SECONDS;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sid: subject.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: TOKEN_TYPE })
    .setIssuer(config.TOKEN_ISSUER)
    .setAudience(CUSTOMER_AUDIENCE)
    .setSubject(subject.customerId)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .setJti(crypto.randomUUID())
    .sign(signing.key);
  return { token, expiresIn };
}

/**
 * The claims of a customer access token this API issued and that is still good, or undefined:
 * another algorithm (`none`, HS256 keyed with our public key), an unknown `kid`, a bad signature,
 * another issuer, audience or type, expired or not yet valid, or claims of the wrong shape.
 */
export async function verifyAccessToken(
  config: Config,
  token: string,
): Promise<AccessTokenClaims | undefined> {
  if (!customerTokensConfigured(config)) return undefined;
  const { verifying } = await keysOf(config);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid === undefined ? undefined : verifying.get(header.kid);
        if (!key) throw new Error('unknown kid');
        return key;
      },
      {
        algorithms: [ALGORITHM],
        issuer: config.TOKEN_ISSUER,
        audience: CUSTOMER_AUDIENCE,
        typ: TOKEN_TYPE,
        requiredClaims: ['sub', 'iat', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
    ));
  } catch {
    return undefined;
  }
  const { sub, sid, iat } = payload;
  if (
    typeof sub !== 'string' ||
    !sub.startsWith('cus_') ||
    typeof sid !== 'string' ||
    typeof iat !== 'number'
  )
    return undefined;
  return { customerId: sub, sessionId: sid, issuedAt: iat };
}
