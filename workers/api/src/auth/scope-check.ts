import { grants, type Scope } from '@edge-commerce/domain';
import { ApiError } from '../errors/problem';
import type { Principal } from './principal';
import { unauthorized } from './unauthorized';

/**
 * Refuses a principal that may not act with `scope`: nobody or an invalid key 401 (with
 * `missing`, what to send), a valid key without the scope 403 naming the scope it lacks
 * (RFC 6750 §3.1 `insufficient_scope`). The holder of the key learns what to ask for; nobody
 * else learns anything.
 */
export function checkScope(principal: Principal, scope: Scope, missing: string): void {
  switch (principal.kind) {
    case 'none':
      throw unauthorized(principal.malformed ? 'The Authorization header is not a Bearer token.' : missing);
    case 'invalid':
      throw unauthorized('The API key is not valid.');
    case 'customer':
      throw new ApiError(
        'forbidden',
        `A customer's access token does not open this; it needs an API key with ${scope}.`,
        {
          requiredScope: scope,
        },
      );
    default:
      if (grants(principal.scopes, scope)) return;
      throw new ApiError('forbidden', `This API key lacks the ${scope} scope.`, {
        requiredScope: scope,
        headers: {
          'WWW-Authenticate': `Bearer realm="edge-commerce", error="insufficient_scope", scope="${scope}"`,
        },
      });
  }
}
