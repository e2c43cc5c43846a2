import { apiKeyHint, hashApiKey, newApiKey, newId } from '@edge-commerce/domain';
import type { Context } from 'hono';
import { keyModeOf, type Principal, principalOf } from '../auth/principal';
import type { AppEnv } from '../env';

/** A new key's secret and what is stored of it, in this deployment's mode. */
export async function issueKey(c: Context<AppEnv>) {
  const mode = keyModeOf(c.get('config'));
  const secret = newApiKey(mode);
  return {
    secret,
    id: newId('apiKey'),
    mode,
    secretHash: await hashApiKey(secret),
    hint: apiKeyHint(secret),
    createdBy: creatorOf(await principalOf(c)),
  };
}

/** Who made a key, as its row records it: the key used, or the bootstrap key. */
function creatorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'apiKey':
      return principal.keyId;
    case 'bootstrap':
      return 'bootstrap';
    default:
      // The admin access admitted the request: somebody made it.
      throw new Error(`an API key was issued for a ${principal.kind} principal`);
  }
}
