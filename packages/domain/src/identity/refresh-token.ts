import { digestSecret, randomSecret } from './secret-digest';

/**
 * Refresh tokens: `rt_` and 256 random bits, base64url. Opaque to the client, good for one
 * refresh; only their SHA-256 is stored, so a copy of the database refreshes nobody's session.
 */
const REFRESH_TOKEN = /^rt_[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return `rt_${randomSecret()}`;
}

/** Whether `token` has a refresh token's shape: anything else is refused without a lookup. */
export function isRefreshToken(token: string): boolean {
  return REFRESH_TOKEN.test(token);
}

export function hashRefreshToken(token: string): Promise<string> {
  return digestSecret(token);
}
