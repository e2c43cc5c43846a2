import { apiKeys } from '@edge-commerce/db';
import { type ApiKeyMode, apiKeyMode, hashApiKey } from '@edge-commerce/domain';
import type { Context } from 'hono';
import type { Config } from '../config';
import type { AppEnv } from '../env';
import { afterResponse } from '../middleware/after-response';
import { CUSTOMER_AUDIENCE, verifyAccessToken } from './access-tokens';
import { apiKeyDirectory, LAST_USED_GAP_SECONDS } from './api-key-directory';
import { bearerToken } from './bearer-token';
import { secretsEqual } from './secrets-equal';

/** Who sent a request, as far as its `Authorization` header says. */
export type Principal =
  /** No `Authorization` header, or not a Bearer one. */
  | { kind: 'none'; malformed: boolean }
  /** A bearer token that opens nothing: unknown, revoked, expired or of the other mode. */
  | { kind: 'invalid' }
  /** The configured first operator's key (`BOOTSTRAP_ADMIN_KEY`): every scope. */
  | { kind: 'bootstrap'; scopes: readonly ['admin'] }
  /** A stored API key, live. */
  | { kind: 'apiKey'; keyId: string; holder: string; scopes: readonly string[] }
  /** A customer's access token, verified (signature, issuer, audience, lifetime); no scopes. */
  | { kind: 'customer'; customerId: string; sessionId: string };

// A compact JWS: three base64url segments. API keys and refresh tokens never contain a dot.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The mode of the keys this deployment takes: live keys in production only, test keys elsewhere. */
export function keyModeOf(config: Config): ApiKeyMode {
  return config.ENVIRONMENT === 'production' ? 'live' : 'test';
}

/**
 * The request's principal, worked out once per request (the admin door and the route both ask).
 * A stored key costs one indexed read, and none while this isolate trusts its last read of it.
 */
export function principalOf<E extends AppEnv>(c: Context<E>): Promise<Principal> {
  let principal = c.get('principal');
  if (!principal) {
    // Hono types a context by its exact variables; routes with more of them (partners) are still AppEnv.
    principal = resolve(c as unknown as Context<AppEnv>);
    c.set('principal', principal);
  }
  return principal;
}

async function resolve(c: Context<AppEnv>): Promise<Principal> {
  const authorization = c.req.header('Authorization');
  const token = bearerToken(authorization);
  if (token === undefined) return { kind: 'none', malformed: authorization !== undefined };
  const config = c.get('config');
  if (config.BOOTSTRAP_ADMIN_KEY && (await secretsEqual(token, config.BOOTSTRAP_ADMIN_KEY))) {
    return { kind: 'bootstrap', scopes: ['admin'] };
  }
  if (COMPACT_JWS.test(token)) return principalOfAccessToken(config, token);
  const mode = apiKeyMode(token);
  if (mode !== null) {
    // A live key sent to a test deployment (or the reverse) is refused like an unknown one.
    if (mode !== keyModeOf(config)) return { kind: 'invalid' };
    const secretHash = await hashApiKey(token);
    const key = await apiKeyDirectory.find(secretHash, () =>
      apiKeys.findLiveApiKey(c.get('database')(), secretHash),
    );
    if (!key) return { kind: 'invalid' };
    if (apiKeyDirectory.shouldRecordUse(key)) recordUse(c, key.id);
    return { kind: 'apiKey', keyId: key.id, holder: key.holder, scopes: key.scopes };
  }
  return { kind: 'invalid' };
}

/**
 * A customer (`aud: storefront`) or an OAuth client acting with its key's scopes, at most
 * (`aud: partner-api`, ADR 24), as a verified access token says; claims of the wrong shape open nothing.
 */
async function principalOfAccessToken(config: Config, token: string): Promise<Principal> {
  const verified = await verifyAccessToken(config, token);
  if (!verified) return { kind: 'invalid' };
  const { sub, sid, scope, holder } = verified.payload;
  if (verified.audience === CUSTOMER_AUDIENCE) {
    if (typeof sub !== 'string' || !sub.startsWith('cus_') || typeof sid !== 'string')
      return { kind: 'invalid' };
    return { kind: 'customer', customerId: sub, sessionId: sid };
  }
  if (
    typeof sub !== 'string' ||
    !sub.startsWith('key_') ||
    typeof scope !== 'string' ||
    typeof holder !== 'string'
  )
    return { kind: 'invalid' };
  return { kind: 'apiKey', keyId: sub, holder, scopes: scope.split(' ').filter(Boolean) };
}

/** Writes the key's `last_used_at` after the response; a failure is logged, never the caller's problem. */
function recordUse(c: Context<AppEnv>, keyId: string): void {
  afterResponse(c, 'record an API key’s use', (db) =>
    apiKeys.stampApiKeyUse(db, keyId, LAST_USED_GAP_SECONDS),
  );
}
