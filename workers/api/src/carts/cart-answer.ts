import type {
  CartCaller,
  CartOutcome,
  CartPrecondition,
  CartRefusal,
  CartView,
  IdempotentRequest,
} from '@edge-commerce/cart';
import { isId } from '@edge-commerce/domain';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { preconditionOfRequest } from '../catalog/admin/if-match';
import { canonicalJson, requestHash } from '../catalog/write/request-hash';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { IDEMPOTENCY_KEY } from '../input/idempotency-key';
import type { CartReply } from './cart-object';

/**
 * The cart's object, when `cartId` could name one. An id of another shape is answered 404
 * without waking any object, so probing made-up ids costs no object and stores nothing.
 */
export function cartObject(c: Context<AppEnv>, cartId: string) {
  if (!isId('cart', cartId)) throw cartNotFound(cartId);
  return c.env.CART.getByName(cartId);
}

/** Who calls the cart, as its route's access found it (`cartTokenCheck`). */
export function cartCaller(c: Context<AppEnv>): CartCaller {
  const caller = c.get('cartCaller');
  if (!caller) throw new Error('cartCaller called on a route without cartAccess');
  return caller;
}

/** What `If-Match` asks of the cart: null for none or `*` (an existing cart meets it). */
export function cartPrecondition(header: string | undefined): CartPrecondition {
  const precondition = preconditionOfRequest(header);
  return precondition.kind === 'matches' ? precondition.strongTags : null;
}

/**
 * The change's `Idempotency-Key`, bound to the request it came with (method, path and the
 * parameters of its JSON body, however spaced or ordered); undefined without one.
 */
export async function cartRequest(c: Context<AppEnv>): Promise<IdempotentRequest | undefined> {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(
      'idempotency_key_required',
      'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
    );
  }
  const body = (await c.req.text()) || 'null';
  return {
    key,
    fingerprint: `${c.req.method} ${c.req.path} ${await requestHash(canonicalJson(JSON.parse(body)))}`,
  };
}

/**
 * The cart a call answered, as JSON text, its ETag set on the response and the SQL its object
 * ran counted with the request's; a refusal is thrown as the problem it stands for.
 */
export function answeredCart(c: Context<AppEnv>, cartId: string, reply: CartReply<CartOutcome>): string {
  c.set('objectStatements', (c.get('objectStatements') ?? 0) + reply.statements);
  const { outcome } = reply;
  if (!outcome.ok) throw refusalProblem(cartId, outcome);
  c.header('ETag', outcome.etag);
  if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
  return outcome.body;
}

/**
 * Sends a cart's JSON text as the object wrote it (the bytes its ETag hashes): no parse and no
 * second serialisation here. Typed as the route's cart response, which the text is: the object
 * renders it from the CartView that CartSchema documents.
 */
export function cartResponse<Status extends 200 | 201>(
  c: Context<AppEnv>,
  body: string,
  status: Status,
): Response & TypedResponse<JSONParsed<CartView>, Status, 'json'> {
  const response: Response = c.body(body, status, { 'Content-Type': 'application/json' });
  return response as Response & TypedResponse<JSONParsed<CartView>, Status, 'json'>;
}

/** What every cart route answers for a cart its caller may not see, as for one that does not exist. */
export function cartNotFound(cartId: string): ApiError {
  return new ApiError(
    'not_found',
    `No cart ${cartId} is open to this token. A cart is reached with the X-Cart-Token its creation returned.`,
  );
}

/** The problem a refused cart call is answered with: status and code from the API's vocabulary. */
export function refusalProblem(cartId: string, refusal: CartRefusal): ApiError {
  switch (refusal.reason) {
    case 'not_found':
      return cartNotFound(cartId);
    case 'cart_exists':
      // The Worker names new carts itself with 80 random bits: this is a bug, not a client error.
      return new ApiError('internal_error', 'The new cart id was taken; try again.');
    case 'cart_closed':
      return refusal.mergedInto
        ? new ApiError(
            'cart_closed',
            `The cart was merged into ${refusal.mergedInto}, the signed-in customer's cart: use that one.`,
            { cartStatus: refusal.status, mergedInto: refusal.mergedInto },
          )
        : refusal.orderId
          ? new ApiError(
              'cart_closed',
              `The cart was paid for and became the order ${refusal.orderId}; start a new cart.`,
              { cartStatus: refusal.status, orderId: refusal.orderId },
            )
          : new ApiError('cart_closed', `The cart is ${refusal.status} and can no longer be changed.`, {
              cartStatus: refusal.status,
            });
    case 'precondition_failed':
      return new ApiError(
        'precondition_failed',
        'The cart changed since the If-Match tag was read (its ETag is no longer any of them); nothing was changed. GET it again, reapply the change and send the new ETag.',
      );
    case 'line_not_found':
      return new ApiError('not_found', `The cart has no line ${refusal.lineId}.`);
    case 'unknown_variant':
      return new ApiError('unknown_variant', `No variant has the id ${refusal.variantId}.`, {
        errors: [{ path: 'variantId', message: 'no variant has this id' }],
      });
    case 'variant_unavailable':
      return new ApiError(
        'variant_unavailable',
        `The variant ${refusal.variantId} (${refusal.sku}) is not for sale.`,
        {
          errors: [{ path: 'variantId', message: 'is not for sale' }],
        },
      );
    case 'variant_not_priced':
      return new ApiError(
        'variant_not_priced',
        `The variant ${refusal.variantId} has no price in ${refusal.currency}, the cart's currency.`,
        { errors: [{ path: 'variantId', message: `has no price in ${refusal.currency}` }] },
      );
    case 'line_quantity_exceeded':
      return new ApiError(
        'line_quantity_exceeded',
        `The line would hold ${refusal.requested}; a line holds at most ${refusal.max}.`,
        { errors: [{ path: 'quantity', message: `the line would exceed ${refusal.max}` }], max: refusal.max },
      );
    case 'too_many_lines':
      return new ApiError('too_many_lines', `A cart holds at most ${refusal.max} lines.`, {
        max: refusal.max,
      });
    case 'insufficient_stock':
      return new ApiError(
        'insufficient_stock',
        `Not enough of ${refusal.sku} in stock: the cart asked for ${refusal.requested} and can hold at most ${refusal.available}.`,
        {
          sku: refusal.sku,
          variantId: refusal.variantId,
          requested: refusal.requested,
          available: refusal.available,
        },
      );
    case 'unknown_promotion':
      return new ApiError('unknown_promotion', `No promotion has the code ${refusal.code}.`, {
        errors: [{ path: 'code', message: 'no promotion has this code' }],
      });
    case 'promotion_refused':
      return new ApiError(refusal.refusal, `${refusal.detail}.`, {
        errors: [{ path: 'code', message: refusal.detail }],
      });
    case 'promotion_conflict':
      return new ApiError(
        'promotion_conflict',
        `The cart holds ${refusal.held}, a code of the same kind as ${refusal.code}; one of each kind counts. Remove ${refusal.held} first.`,
        { held: refusal.held },
      );
    case 'promotion_not_applied':
      return new ApiError('not_found', `The cart holds no promotion code ${refusal.code}.`);
    case 'invalid_address':
      return new ApiError('invalid_address', `The address has ${refusal.errors.length} invalid field(s).`, {
        errors: refusal.errors,
      });
    case 'country_not_served':
      return new ApiError(
        'country_not_served',
        `The cart's market does not ship to ${refusal.country}; it ships to ${refusal.countries.join(', ')}.`,
        {
          errors: [{ path: 'country', message: 'not a country of the cart’s market' }],
          countries: refusal.countries,
        },
      );
    case 'shipping_address_required':
      return new ApiError('shipping_address_required', 'Set the shipping address first: rates depend on it.');
    case 'shipping_method_unavailable':
      return new ApiError(
        'shipping_method_unavailable',
        refusal.offered.length > 0
          ? `The rate ${refusal.rateId} is not offered for this cart; choose one of ${refusal.offered.join(', ')}.`
          : 'No shipping rate is offered for this cart (its address, currency or weight).',
        { errors: [{ path: 'rateId', message: 'not offered for this cart' }], offered: refusal.offered },
      );
    case 'idempotency_key_reused':
      return new ApiError(
        'idempotency_key_reused',
        'The Idempotency-Key was sent before with another request to this cart; use a new key for a new change.',
      );
    case 'catalog_unavailable':
      return new ApiError(
        'database_unavailable',
        'The catalog cannot be read right now; try again shortly.',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    case 'inventory_unavailable':
      return new ApiError(
        'inventory_unavailable',
        `Stock of ${refusal.sku} cannot be reserved right now; try again shortly.`,
        {
          headers: { 'Retry-After': '1' },
        },
      );
    case 'checkout_incomplete':
      return new ApiError(
        'checkout_incomplete',
        `The cart needs ${refusal.missing.map((missing) => missing.replace('_', ' ')).join(' and ')} before checkout.`,
        { missing: refusal.missing },
      );
    case 'line_unavailable':
      return new ApiError(
        'line_unavailable',
        `The line ${refusal.lineId} (variant ${refusal.variantId}) is no longer for sale; remove it and check out again.`,
        { lineId: refusal.lineId, variantId: refusal.variantId },
      );
    case 'payments_unavailable':
      return new ApiError(
        'payments_unavailable',
        'Payments cannot be taken right now; nothing was charged. Try again shortly.',
        { headers: { 'Retry-After': '2' } },
      );
    case 'orders_unavailable':
      return new ApiError(
        'database_unavailable',
        'The order cannot be recorded right now; the payment is safe and completing again finishes it.',
        { headers: { 'Retry-After': '2' } },
      );
    case 'payment_declined':
      return new ApiError(
        'payment_declined',
        `${refusal.message} Nothing was charged; the cart is open and its stock released: check out again with another payment method.`,
        { declineCode: refusal.code },
      );
    case 'payment_incomplete':
      return new ApiError(
        'payment_incomplete',
        refusal.status === 'processing'
          ? 'The payment is still being processed; the order is placed as soon as it succeeds.'
          : `The payment has not succeeded yet (${refusal.status}); confirm it with its client secret, then complete.`,
        { paymentStatus: refusal.status, nextAction: refusal.nextAction },
      );
    case 'checkout_required':
      return new ApiError(
        'checkout_required',
        'The cart has no payment waiting to complete: check out first (POST /v1/carts/{cartId}/checkout).',
      );
    case 'payment_in_progress':
      return new ApiError(
        'payment_in_progress',
        'The cart is being paid for and cannot change; complete the checkout (or wait for the payment to fail).',
      );
    case 'order_refunded':
      return new ApiError('order_refunded', refusal.detail, { refundReason: refusal.cause });
  }
}
