import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { measureCheckoutFlow } from './checkout-flow';

// A stand-in for the API's five steps; `refuseCheckouts` makes every other checkout a 409.
function fakeApi(options: { refuseCheckouts: boolean }) {
  const seen: string[] = [];
  let checkouts = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const route = `${request.method} ${request.url}`;
    seen.push(route.replace(/cart_\d+/, 'cart').replace(/ord_\d+/, 'ord'));
    const answer = (status: number, body: unknown, statements?: number) => {
      response.writeHead(status, {
        'Content-Type': 'application/json',
        ...(statements === undefined ? {} : { 'Server-Timing': `db;desc="${statements} statements"` }),
      });
      response.end(JSON.stringify(body));
    };
    if (route === 'POST /v1/carts') return answer(201, { id: `cart_${seen.length}`, token: 't' });
    if (route.endsWith('/lines')) return answer(200, { lines: [] });
    if (route.endsWith('/checkout')) {
      if (options.refuseCheckouts && checkouts++ % 2 === 1)
        return answer(409, { code: 'payment_in_progress' });
      const order = { id: 'ord_1', number: '1', status: 'paid', accessToken: 'a' };
      return answer(200, { status: 'completed', order, payment: {} }, 7);
    }
    if (route.endsWith('/complete')) return answer(200, { id: 'ord_1' }, 1);
    if (route === 'GET /v1/orders/ord_1' && request.headers['x-order-token'] === 'a') return answer(200, {});
    return answer(404, { route });
  });
  return { server, seen };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

async function run(refuseCheckouts: boolean, shoppers: number) {
  const { server, seen } = fakeApi({ refuseCheckouts });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = () => server.close();
  const { port } = server.address() as AddressInfo;
  const measured = await measureCheckoutFlow({
    apiUrl: `http://127.0.0.1:${port}`,
    fixture: {
      variants: [1, 2, 3, 4].map((n) => ({ id: `var_${n}`, sku: `S${n}` })),
      shippingMethod: 'standard',
    },
    shoppers,
    warmupSeconds: 0,
    seconds: 0.3,
  });
  return { measured, seen };
}

describe('checkout flow', () => {
  it('runs the five steps in order and reads the statement counts of checkout and complete', async () => {
    const { measured, seen } = await run(false, 1);
    expect(seen.slice(0, 7)).toEqual([
      'POST /v1/carts',
      'POST /v1/carts/cart/lines',
      'POST /v1/carts/cart/lines',
      'POST /v1/carts/cart/lines',
      'POST /v1/carts/cart/checkout',
      'POST /v1/carts/cart/complete',
      'GET /v1/orders/ord',
    ]);
    expect(measured.completed).toBeGreaterThan(0);
    expect(measured.errors + measured.unexpectedStatus).toBe(0);
    expect(measured.sqlStatements).toEqual({
      checkout: { first: 7, max: 7 },
      complete: { first: 1, max: 1 },
    });
    expect(measured.checkout.p50Ms).toBeLessThanOrEqual(measured.wholeFlow.p50Ms);
  });

  it('counts failed flows apart, with the answer, and never among the latencies', async () => {
    const { measured } = await run(true, 2);
    expect(measured.unexpectedStatus).toBeGreaterThan(0);
    expect(Object.keys(measured.failures)).toEqual(['checkout 409']);
    expect(measured.failureSamples[0]).toContain('payment_in_progress');
    expect(measured.completed).toBeGreaterThan(0);
    expect(measured.ordersPerSecond).toBeCloseTo(measured.completed / measured.seconds);
  });
});
