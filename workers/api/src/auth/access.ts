import type { Scope } from '@edge-commerce/domain';
import type { Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { cartTokenCheck } from '../carts/cart-token-check';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { orderTokenCheck } from '../orders/order-token-check';
import { requireCustomerAccounts } from './customer-accounts';
import { type PartnerAuthEnv, partnerAuth, qstashOnlyAuth } from './partner-auth';
import { principalOf } from './principal';
import { checkScope } from './scope-check';
import { stripeSignature } from './stripe-signature';
import { unauthorized } from './unauthorized';

/** One OpenAPI security requirement: scheme name → scopes. */
export type SecurityRequirement = Record<string, string[]>;

/**
 * What a route requires of its caller, stated once: the OpenAPI document shows `security`, and
 * `middleware` enforces the same thing before the route validates or reads anything. Every route
 * declares one through `requires` (the route table test fails a route that does not), so what
 * the document promises and what the code checks cannot drift apart.
 */
export interface Access<E extends Env = AppEnv> {
  /** In words, for the route table test's failures and for logs. */
  readonly name: string;
  readonly security: SecurityRequirement[];
  readonly middleware: MiddlewareHandler<E>;
}

// Middleware → the access it enforces: how the route table test reads a route's requirement.
const accessByMiddleware = new WeakMap<object, Pick<Access, 'name' | 'security'>>();

function access<E extends Env>(
  name: string,
  security: SecurityRequirement[],
  middleware: MiddlewareHandler<E>,
): Access<E> {
  accessByMiddleware.set(middleware, { name, security });
  return { name, security, middleware };
}

/** The access `handler` enforces, if it is an access's middleware (the route table test's witness). */
export function accessOf(handler: unknown): Pick<Access, 'name' | 'security'> | undefined {
  return typeof handler === 'function' ? accessByMiddleware.get(handler) : undefined;
}

/**
 * The `security` and `middleware` of a route that requires `access`, the access's middleware
 * first (before the route's own and before validation, so a refusal comes before a 400).
 * Spread into `createRoute({ ...requires(access), … })`.
 */
export function requires<E extends Env, const M extends MiddlewareHandler[]>(
  required: Access<E>,
  ...after: M
): { security: SecurityRequirement[]; middleware: [MiddlewareHandler<E>, ...M] } {
  return { security: required.security, middleware: [required.middleware, ...after] };
}

/** Anyone: the storefront's reads, health, opening a cart, the documentation. */
export const publicAccess = access<AppEnv>('public', [], (_c, next) => next());

/**
 * The cart's own token (`X-Cart-Token`), or the access token of the customer who claimed the cart
 * (ADR 26). The CartObject compares the token with the one it keeps, the customer with its claim;
 * this answers a request with neither, or a token of another shape, as the object would (404), so
 * such requests wake no object.
 */
export const cartAccess = access<AppEnv>(
  'cart token or customer',
  [{ cartToken: [] }, { customerToken: [] }],
  cartTokenCheck(),
);

/**
 * The order's access token (`X-Order-Token`, what completion answered to the cart's holder), or
 * the access token of the customer whose order it is. The route compares them with the order; a
 * request with neither is answered 404, as an order that is not the caller's is.
 */
export const orderAccess = access<AppEnv>(
  'order token or customer',
  [{ orderToken: [] }, { customerToken: [] }],
  orderTokenCheck(),
);

/**
 * A signed-in customer: a valid access token (`Authorization: Bearer <JWT>`). None 401; an
 * expired, forged or revoked one 401 `invalid_token`; an API key 403 (it is not a customer).
 * The route reads who it is with `customerOf`.
 */
export const customerAccess = access<AppEnv>(
  'customer',
  [{ customerToken: [] }],
  createMiddleware<AppEnv>(async (c, next) => {
    requireCustomerAccounts(c.get('config'));
    const principal = await principalOf(c);
    switch (principal.kind) {
      case 'customer':
        return next();
      case 'none':
        throw unauthorized(
          principal.malformed
            ? 'The Authorization header is not a Bearer token.'
            : 'Sign in: send Authorization: Bearer <accessToken> from POST /v1/auth/login.',
        );
      case 'invalid':
        throw unauthorized(
          'The access token is not valid or has expired; get a new one with POST /v1/auth/refresh.',
          'invalid_token',
        );
      default:
        throw new ApiError(
          'forbidden',
          'This route is for a signed-in customer; an API key does not open it.',
        );
    }
  }),
);

/**
 * A signed-in customer who also holds a cart's token (`X-Cart-Token`): what claiming a guest cart
 * takes (ADR 26), proof of both the account and the cart. The object checks that the token is
 * the cart's; a missing or malformed one is answered 404 here, as the object would.
 */
export const customerWithCartAccess = access<AppEnv>(
  'customer with the cart token',
  [{ customerToken: [], cartToken: [] }],
  createMiddleware<AppEnv>(async (c, next) => {
    await customerAccess.middleware(c, async () => {});
    return cartTokenCheck()(c, next);
  }),
);

const scopeAccesses = new Map<Scope, Access>();

/**
 * An API key carrying `scope` (or `admin`), the configured bootstrap key, or an OAuth token
 * issued to such a key with the scope (ADR 24). Unknown, revoked or expired keys 401; a key
 * without the scope 403.
 */
export function scopeAccess(scope: Scope): Access {
  let found = scopeAccesses.get(scope);
  if (!found) {
    found = access<AppEnv>(
      `API key or OAuth token with ${scope}`,
      [{ apiKey: [scope] }, { oauth2: [scope] }],
      createMiddleware<AppEnv>(async (c, next) => {
        checkScope(await principalOf(c), scope, 'Send Authorization: Bearer <API key>.');
        await next();
      }),
    );
    scopeAccesses.set(scope, found);
  }
  return found;
}

/** Operators: an `admin` key. `/v1/admin/*` is also guarded as a whole, ahead of routing (createApp). */
export const adminAccess = scopeAccess('admin');

const partnerAccesses = new Map<string, Access<PartnerAuthEnv>>();

/** A QStash-signed delivery, or an API key carrying `scope` (e.g. `pim:write`). */
export function partnerAccess(scope: Scope): Access<PartnerAuthEnv> {
  let found = partnerAccesses.get(scope);
  if (!found) {
    found = access(
      `signed delivery, partner key or OAuth token with ${scope}`,
      [{ qstashSignature: [] }, { apiKey: [scope] }, { oauth2: [scope] }],
      partnerAuth({ scope }),
    );
    partnerAccesses.set(scope, found);
  }
  return found;
}

/** QStash's callbacks about the deliveries of our events: its signature, and nothing else. */
export const qstashAccess = access<PartnerAuthEnv>(
  'QStash signature',
  [{ qstashSignature: [] }],
  qstashOnlyAuth(),
);

/**
 * Stripe's webhook deliveries: a `Stripe-Signature` that verifies, with the endpoint's signing
 * secret, over the exact raw body and within 5 minutes of its timestamp (ADR 27). The signature is
 * the whole of the authentication: Stripe sends no key, and anyone may post; what does not verify
 * is refused (400 `invalid_signature`, as Stripe's documentation has receivers answer) before
 * the body is parsed.
 */
export const stripeSignatureAccess = access<AppEnv>(
  'Stripe webhook signature',
  [{ stripeSignature: [] }],
  stripeSignature(),
);
