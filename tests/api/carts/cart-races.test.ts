import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Cart,
  cartCall,
  createCart,
  ensureMarkets,
  type OpenCart,
  openCarts,
  readCart,
  sellableVariants,
} from './cart-kit';

// Races through the whole path (Worker → CartObject → InventoryObject), many requests at once.
// The catalog is warmed first: the races are about stock, and a cold catalog would only add
// Postgres round trips (which the embedded PGlite serialises anyway). The 500-cart race has a
// file of its own (cart-stock-race.test.ts).

beforeAll(ensureMarkets);

describe('add-to-cart races', { timeout: 180_000 }, () => {
  it('keeps one line per variant when one cart gets 20 concurrent adds', async () => {
    const [variant] = await sellableVariants(100);
    const cart = await createCart();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        cartCall('POST', `/v1/carts/${cart.id}/lines`, {
          token: cart.token,
          body: { variantId: variant?.id, quantity: 1 },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const seen = await readCart(cart);
    expect(seen.lines).toHaveLength(1);
    expect(seen.lines[0]?.quantity).toBe(20);
    expect((await env.INVENTORY.getByName(variant?.sku ?? '').snapshot()).reserved).toBe(20);
  });
});

type Operation =
  | { kind: 'add'; cart: number; variant: number; quantity: number }
  | { kind: 'change'; cart: number; variant: number; quantity: number }
  | { kind: 'remove'; cart: number; variant: number };

const operation = (carts: number, variants: number): fc.Arbitrary<Operation> => {
  const cart = fc.nat({ max: carts - 1 });
  const variant = fc.nat({ max: variants - 1 });
  const quantity = fc.integer({ min: 1, max: 4 });
  return fc.oneof(
    fc.record({ kind: fc.constant('add' as const), cart, variant, quantity }),
    fc.record({ kind: fc.constant('change' as const), cart, variant, quantity }),
    fc.record({ kind: fc.constant('remove' as const), cart, variant }),
  );
};

describe('mixed cart changes from many carts (fast-check)', { timeout: 300_000 }, () => {
  it('never reserves more than is on hand, and the carts’ lines always equal the live reservations', async () => {
    const CARTS = 8;
    const VARIANTS = 3;
    const ON_HAND = 7;
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation(CARTS, VARIANTS), { minLength: 20, maxLength: 60 }),
        async (operations) => {
          const variants = await sellableVariants(ON_HAND);
          const carts = await openCarts(CARTS);
          // Line ids as the answers reveal them; a change or removal of a line not known yet adds.
          const lineIds = new Map<string, string>();
          const remember = async (cartIndex: number, response: Response) => {
            if (response.status !== 200) return;
            for (const line of (await response.json<Cart>()).lines)
              lineIds.set(`${cartIndex}:${line.variantId}`, line.id);
          };
          const statuses = await Promise.all(
            operations.map(async (op) => {
              const cart = carts[op.cart] as OpenCart;
              const variant = variants[op.variant];
              const lineId = lineIds.get(`${op.cart}:${variant?.id}`);
              let response: Response;
              if (op.kind === 'add' || !lineId) {
                const quantity = op.kind === 'remove' ? 1 : op.quantity;
                response = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
                  token: cart.token,
                  body: { variantId: variant?.id, quantity },
                });
              } else if (op.kind === 'change') {
                response = await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
                  token: cart.token,
                  body: { quantity: op.quantity },
                });
              } else {
                response = await cartCall('DELETE', `/v1/carts/${cart.id}/lines/${lineId}`, {
                  token: cart.token,
                });
                if (response.status === 200) lineIds.delete(`${op.cart}:${variant?.id}`);
                return response.status;
              }
              await remember(op.cart, response);
              return response.status;
            }),
          );
          // Only these answers are allowed: done, out of stock, or a line removed meanwhile.
          for (const status of statuses) expect([200, 404, 409]).toContain(status);
          const seen = await Promise.all(carts.map(readCart));
          for (const variant of variants) {
            const inCarts = seen
              .flatMap((cart) => cart.lines)
              .filter((line) => line.variantId === variant.id)
              .reduce((sum, line) => sum + line.quantity, 0);
            const stock = await env.INVENTORY.getByName(variant.sku).snapshot();
            expect(stock.reserved + stock.committed).toBeLessThanOrEqual(stock.onHand);
            expect(stock.availableToSell).toBeGreaterThanOrEqual(0);
            expect(inCarts).toBe(stock.reserved);
          }
        },
      ),
      { numRuns: 10, seed: 20261201 },
    );
  });
});

describe('carts on a cold catalog', { timeout: 120_000 }, () => {
  it('answers 40 carts adding the same variant nobody has read yet, each from its own object', async () => {
    const [variant] = await sellableVariants(100);
    const carts = await openCarts(40);
    const responses = await Promise.all(
      carts.map((cart) =>
        cartCall('POST', `/v1/carts/${cart.id}/lines`, {
          token: cart.token,
          body: { variantId: variant?.id, quantity: 1 },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(
      statuses,
      (await Promise.all(responses.map((response) => response.text()))).find(
        (text) => !text.startsWith('{"id"'),
      ),
    ).toEqual(Array(40).fill(200));
    expect((await env.INVENTORY.getByName(variant?.sku ?? '').snapshot()).reserved).toBe(40);
  });
});
