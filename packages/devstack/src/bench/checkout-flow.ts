import { type CheckoutFixture, SHIPPING_ADDRESS } from './checkout-fixture';
import { percentile } from './measure';

export interface Latencies {
  p50Ms: number;
  p99Ms: number;
}

/** SQL statements of one step, from its `Server-Timing: db;desc="N statements"` header. */
export interface StepStatements {
  /** The first measured flow's. */
  first: number | null;
  /** The most any measured flow's took: what a target must hold to. */
  max: number | null;
}

/** One shopper count's run of the checkout flow. */
export interface FlowMeasurement {
  shoppers: number;
  /** From the first flow's start to the last one's end. */
  seconds: number;
  /** Flows whose every step answered as expected: each placed and read back one order. */
  completed: number;
  ordersPerSecond: number;
  /** The checkout call, which pays and places the order: the completion step. */
  checkout: Latencies;
  /** The complete call after it, which answers the same order. */
  complete: Latencies;
  /** The whole flow: cart, three lines, checkout, complete, order read. */
  wholeFlow: Latencies;
  /** Requests that got no answer (refused connection, timeout). */
  errors: number;
  /** Answers of another status than the step expects, or of an unexpected body. */
  unexpectedStatus: number;
  /** Failed flows by step and what it got (`checkout 409`, `lines no answer`). */
  failures: Record<string, number>;
  /** The first few failures in full, response bodies included, to diagnose from. */
  failureSamples: string[];
  sqlStatements: { checkout: StepStatements; complete: StepStatements };
}

const EMAIL = 'bench@example.com';
// Stripe's test card that succeeds without 3-D Secure: the flow completes in the checkout call.
const PAYMENT_METHOD = 'pm_card_visa';
const LINES_PER_FLOW = 3;
// A request that hangs fails its flow rather than the run.
const REQUEST_TIMEOUT_MS = 30_000;
const FAILURE_SAMPLES = 5;

/**
 * Runs the checkout flow with `shoppers` concurrent shoppers, each starting the next flow as soon
 * as the last ends, for `warmupSeconds` (discarded) and then `seconds`. Unlike the points, this
 * is not autocannon: each step needs what the one before answered (the cart's id and token, the
 * order's id and access token).
 */
export async function measureCheckoutFlow(options: {
  apiUrl: string;
  fixture: CheckoutFixture;
  shoppers: number;
  warmupSeconds: number;
  seconds: number;
}): Promise<FlowMeasurement> {
  // One cycle over the SKUs for the whole run, so the measured flows go on where the warm-up left off.
  let flowsStarted = 0;
  const nextVariants = () => {
    const first = flowsStarted++ * LINES_PER_FLOW;
    return Array.from({ length: LINES_PER_FLOW }, (_, index) => {
      const variants = options.fixture.variants;
      return variants[(first + index) % variants.length]?.id ?? '';
    });
  };
  const run = (seconds: number) =>
    runShoppers(options.apiUrl, options.fixture.shippingMethod, options.shoppers, seconds, nextVariants);
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  return run(options.seconds);
}

/** What a flow that got through took. */
interface FlowTimings {
  flowMs: number;
  checkoutMs: number;
  completeMs: number;
  checkoutStatements: number | null;
  completeStatements: number | null;
}

async function runShoppers(
  apiUrl: string,
  shippingMethod: string,
  shoppers: number,
  seconds: number,
  nextVariants: () => string[],
): Promise<FlowMeasurement> {
  const completed: FlowTimings[] = [];
  const failures: Record<string, number> = {};
  const failureSamples: string[] = [];
  let errors = 0;
  let unexpectedStatus = 0;
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  const shopper = async () => {
    while (performance.now() < deadline) {
      try {
        completed.push(await oneFlow(apiUrl, shippingMethod, nextVariants()));
      } catch (error) {
        if (!(error instanceof StepFailure)) throw error;
        if (error.status === null) errors++;
        else unexpectedStatus++;
        const key = `${error.step} ${error.status ?? 'no answer'}`;
        failures[key] = (failures[key] ?? 0) + 1;
        if (failureSamples.length < FAILURE_SAMPLES) failureSamples.push(error.message);
      }
    }
  };
  await Promise.all(Array.from({ length: shoppers }, shopper));
  const elapsed = (performance.now() - started) / 1_000;
  const latencies = (pick: (flow: FlowTimings) => number): Latencies => {
    const sorted = Float64Array.from(completed, pick).sort();
    return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
  };
  const statements = (pick: (flow: FlowTimings) => number | null): StepStatements => {
    const counts = completed.map(pick).filter((count): count is number => count !== null);
    return { first: counts[0] ?? null, max: counts.length > 0 ? Math.max(...counts) : null };
  };
  return {
    shoppers,
    seconds: elapsed,
    completed: completed.length,
    ordersPerSecond: completed.length / elapsed,
    checkout: latencies((flow) => flow.checkoutMs),
    complete: latencies((flow) => flow.completeMs),
    wholeFlow: latencies((flow) => flow.flowMs),
    errors,
    unexpectedStatus,
    failures,
    failureSamples,
    sqlStatements: {
      checkout: statements((flow) => flow.checkoutStatements),
      complete: statements((flow) => flow.completeStatements),
    },
  };
}

/** One shopper's checkout, from an empty cart to the order read back with its access token. */
async function oneFlow(apiUrl: string, shippingMethod: string, variantIds: string[]): Promise<FlowTimings> {
  const started = performance.now();
  const call = (step: string, method: string, path: string, headers: Record<string, string>, body?: string) =>
    send(apiUrl, step, method, path, headers, body);

  const created = await call('cart', 'POST', '/v1/carts', JSON_TYPE, '{"currency":"USD"}');
  const cart = created.json<{ id?: string; token?: string }>(201);
  if (!cart.id || !cart.token) throw created.unexpected('no id or token');
  const cartPath = `/v1/carts/${cart.id}`;
  const cartHeaders = { ...JSON_TYPE, 'X-Cart-Token': cart.token };

  for (const variantId of variantIds) {
    const added = await call('lines', 'POST', `${cartPath}/lines`, cartHeaders, lineBody(variantId));
    added.json(200);
  }

  const checkout = await call(
    'checkout',
    'POST',
    `${cartPath}/checkout`,
    cartHeaders,
    checkoutBody(shippingMethod),
  );
  const paid = checkout.json<{ status?: string; order?: { id?: string; accessToken?: string } }>(200);
  const order = paid.order;
  if (paid.status !== 'completed' || !order?.id || !order.accessToken) {
    throw checkout.unexpected('not completed with an order and its access token');
  }

  const complete = await call('complete', 'POST', `${cartPath}/complete`, { 'X-Cart-Token': cart.token });
  if (complete.json<{ id?: string }>(200).id !== order.id) throw complete.unexpected(`not order ${order.id}`);

  const read = await call('order', 'GET', `/v1/orders/${order.id}`, { 'X-Order-Token': order.accessToken });
  read.json(200);

  return {
    flowMs: performance.now() - started,
    checkoutMs: checkout.ms,
    completeMs: complete.ms,
    checkoutStatements: checkout.statements,
    completeStatements: complete.statements,
  };
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

const lineBody = (variantId: string) => JSON.stringify({ variantId, quantity: 1 });

const checkoutBody = (shippingMethod: string) =>
  JSON.stringify({
    email: EMAIL,
    shippingAddress: SHIPPING_ADDRESS,
    shippingMethod,
    paymentMethod: PAYMENT_METHOD,
  });

/** A step that got no answer (`status` null) or not the one expected; the message says what it got. */
class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** One answered request of a flow: its time to the end of the body, and its SQL statement count. */
interface Answer {
  ms: number;
  statements: number | null;
  /** The body as JSON if the status is `status`; else a StepFailure naming what came instead. */
  json<T = unknown>(status: number): T;
  unexpected(why: string): StepFailure;
}

async function send(
  apiUrl: string,
  step: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new StepFailure(step, null, `${method} ${path}: ${error instanceof Error ? error.message : error}`);
  }
  const ms = performance.now() - started;
  const match = /db;desc="(\d+) statements"/.exec(response.headers.get('Server-Timing') ?? '');
  const unexpected = (why: string) =>
    new StepFailure(
      step,
      response.status,
      `${method} ${path} answered ${response.status} (${why}): ${text.slice(0, 1_000)}`,
    );
  return {
    ms,
    statements: match ? Number(match[1]) : null,
    unexpected,
    json<T>(status: number): T {
      if (response.status !== status) throw unexpected(`expected ${status}`);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw unexpected('not JSON');
      }
    },
  };
}
