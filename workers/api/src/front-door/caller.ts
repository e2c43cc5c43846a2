import { apiKeyMode, hashApiKey } from '@edge-commerce/domain';
import { apiKeyDirectory } from '../auth/api-key-directory';
import { bearerToken } from '../auth/bearer-token';
import type { Config } from '../config';

/**
 * Who a request comes from, as far as rate limits care, decided before routing and without a
 * database: an API key the configuration knows or this isolate verified recently (its own bucket,
 * at the authenticated limit), or else the client's IP. A bearer token the front door does not recognise (wrong, or a kind it
 * cannot check here) counts as anonymous: rotating made-up tokens must not escape the IP limit.
 */
export type Caller = { kind: 'key'; id: string } | { kind: 'anonymous'; id: string };

const knownKeys = new WeakMap<Config, Promise<Map<string, string>>>();

/** SHA-256 of the configured bootstrap key → its holder; once per configuration (per isolate). */
function keyHolders(config: Config): Promise<Map<string, string>> {
  let holders = knownKeys.get(config);
  if (!holders) {
    const keys: [string, string][] = [];
    if (config.BOOTSTRAP_ADMIN_KEY) keys.push([config.BOOTSTRAP_ADMIN_KEY, 'bootstrap']);
    holders = Promise.all(keys.map(async ([key, holder]) => [await digest(key), holder] as const)).then(
      (entries) => new Map(entries),
    );
    knownKeys.set(config, holders);
  }
  return holders;
}

// Comparing digests, not keys: a Map lookup on the hash leaks nothing about the key's bytes.
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...bytes));
}

/** The client's address: Cloudflare sets `CF-Connecting-IP` on every request and no client can. */
export function clientAddress(request: Request): string {
  return request.headers.get('CF-Connecting-IP') ?? 'unknown';
}

export async function callerOf(request: Request, config: Config): Promise<Caller> {
  const token = bearerToken(request.headers.get('Authorization') ?? undefined);
  if (token !== undefined) {
    const holder = (await keyHolders(config)).get(await digest(token));
    if (holder) return { kind: 'key', id: holder };
    // A stored key this isolate verified in the last few seconds; its first call here counts
    // against its address, as the front door asks no database.
    if (apiKeyMode(token) !== null) {
      const key = apiKeyDirectory.peek(await hashApiKey(token));
      if (key) return { kind: 'key', id: `key:${key.id}` };
    }
  }
  return { kind: 'anonymous', id: clientAddress(request) };
}
