import { digestSecret, randomSecret } from './secret-digest';

/**
 * API keys: `sk_live_` or `sk_test_` and 256 random bits in base64url, so a leaked key says what
 * it is (secret scanners match the prefix) and which environment it opens. Only a key's SHA-256 is
 * stored; its first characters (`hint`) let an operator tell keys apart without the secret.
 */
export type ApiKeyMode = 'live' | 'test';

const API_KEY = /^sk_(live|test)_[A-Za-z0-9_-]{43}$/;

/** The environment a key of this shape opens, or null: not an API key at all. */
export function apiKeyMode(token: string): ApiKeyMode | null {
  const match = API_KEY.exec(token);
  return match ? (match[1] as ApiKeyMode) : null;
}

export function newApiKey(mode: ApiKeyMode): string {
  return `sk_${mode}_${randomSecret()}`;
}

/** What is stored of a key: its SHA-256, base64url. A lookup by it leaks nothing of the key's bytes. */
export function hashApiKey(key: string): Promise<string> {
  return digestSecret(key);
}

/** The start of a key, shown in lists (`sk_live_AbCd`): enough to tell keys apart, useless to use. */
export function apiKeyHint(key: string): string {
  return key.slice(0, 12);
}
