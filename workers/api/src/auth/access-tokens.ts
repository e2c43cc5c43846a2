import { type CryptoKey, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import type { PrivateTokenKey, PublicTokenKey } from './token-key-config';

/**
 * The access tokens this API issues (ADR 23): ES256 JWTs (RFC 9068 `at+jwt`), for customers
 * (`aud: storefront`, `sub` the customer, `sid` their session) and for OAuth clients
 * (`aud: partner-api`, `sub` the API key, `scope`). Verifying one needs no database: the public
 * keys are imported once per isolate and chosen by the token's `kid`, so keys rotate by
 * publishing the next one in the JWKS before signing with it. The audience keeps the two apart:
 * a customer's token is never a partner's, nor the reverse.
 */
const ALGORITHM = 'ES256';
const TOKEN_TYPE = 'at+jwt';
export const CUSTOMER_AUDIENCE = 'storefront';
export const PARTNER_AUDIENCE = 'partner-api';
export type Audience = typeof CUSTOMER_AUDIENCE | typeof PARTNER_AUDIENCE;
/** Clocks of the isolates and of the signer may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 30;

interface TokenKeys {
  signing: { kid: string; key: CryptoKey };
  verifying: Map<string, CryptoKey>;
  jwks: { keys: JWK[] };
  /**
   * Tokens these keys verified, by their exact text: a client sends the same token on every call
   * for its lifetime, and the same bytes verify the same way, so only its expiry is checked
   * again. Oldest first (Map order), bounded.
   */
  verified: Map<string, Verified>;
}

interface Verified {
  audience: Audience;
  payload: JWTPayload;
  /** Epoch seconds after which it is refused, tolerance included. */
  until: number;
}

const MAX_VERIFIED_TOKENS = 10_000;

const keysByConfig = new WeakMap<Config, Promise<TokenKeys>>();

/** Whether this deployment can issue access tokens (it has a signing key). */
export const tokensConfigured = (config: Config): boolean => config.TOKEN_SIGNING_KEY !== undefined;

function keysOf(config: Config): Promise<TokenKeys> {
  let keys = keysByConfig.get(config);
  if (!keys) {
    const signingKey = config.TOKEN_SIGNING_KEY;
    if (!signingKey) throw new Error('TOKEN_SIGNING_KEY is not set');
    keys = importKeys(signingKey, config.TOKEN_RETIRED_KEYS);
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
    verified: new Map(),
  };
}

/** The public keys, as `/.well-known/jwks.json` serves them (RFC 7517). */
export async function publishedKeys(config: Config): Promise<{ keys: JWK[] }> {
  return (await keysOf(config)).jwks;
}

/** A signed access token for `subject`, good for `ttlSeconds`. */
export async function signAccessToken(
  config: Config,
  token: { audience: Audience; subject: string; ttlSeconds: number; claims: Record<string, string> },
): Promise<string> {
  const { signing } = await keysOf(config);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(token.claims)
    .setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: TOKEN_TYPE })
    .setIssuer(config.TOKEN_ISSUER)
    .setAudience(token.audience)
    .setSubject(token.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + token.ttlSeconds)
    .setJti(crypto.randomUUID())
    .sign(signing.key);
}

/**
 * The audience and claims of an access token this API issued and that is still good, or
 * undefined: another algorithm (`none`, HS256 keyed with our public key), an unknown `kid`, a
 * bad signature, another issuer, audience or type, expired or not yet valid.
 */
export async function verifyAccessToken(
  config: Config,
  token: string,
): Promise<{ audience: Audience; payload: JWTPayload } | undefined> {
  if (!tokensConfigured(config)) return undefined;
  const { verifying, verified } = await keysOf(config);
  const now = Math.floor(Date.now() / 1000);
  const known = verified.get(token);
  if (known) {
    if (known.until > now) return known;
    verified.delete(token);
    return undefined;
  }
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
        audience: [CUSTOMER_AUDIENCE, PARTNER_AUDIENCE],
        typ: TOKEN_TYPE,
        requiredClaims: ['sub', 'iat', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
    ));
  } catch {
    return undefined;
  }
  // One audience exactly: a token claiming both would open both doors.
  const audience = payload.aud;
  if (!isAudience(audience)) return undefined;
  const result: Verified = { audience, payload, until: (payload.exp ?? now) + CLOCK_TOLERANCE_SECONDS };
  if (verified.size >= MAX_VERIFIED_TOKENS) {
    const oldest = verified.keys().next().value;
    if (oldest !== undefined) verified.delete(oldest);
  }
  verified.set(token, result);
  return result;
}

function isAudience(value: unknown): value is Audience {
  return value === CUSTOMER_AUDIENCE || value === PARTNER_AUDIENCE;
}
