import { generateProduct } from '../seed/catalog';
import type { CartFixture } from './cart-fixture';
import type { BenchCustomer } from './customer-fixture';

/** One benchmarked request. Append to SCENARIOS to measure a new route; nothing else changes. */
export interface Scenario {
  name: string;
  /**
   * Which Worker answers: the API with its catalog cache (`api`: warm once the first request
   * filled it), the same API bundle without cache bindings (`api-uncached`: every request
   * renders from Postgres, i.e. cold), the API with rate limits off (`api-unlimited`: what the
   * front door's counting costs), the hello-world baseline, or the actor floor (two Durable
   * Object calls and two SQLite writes: see actor-floor.ts), or the password KDF alone
   * (kdf-worker.ts), all in the same workerd.
   */
  target: 'api' | 'api-uncached' | 'api-unlimited' | 'baseline' | 'actor-floor' | 'kdf';
  /** Connection counts for this scenario, when not every count of the run applies. */
  connections?: readonly number[];
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Any other status is counted and reported as unexpected, never folded into the averages. */
  expectStatus: number;
  /** Catalog writes sent beside the load while it is measured: one PIM product update per second. */
  writer?: 'pim-product-per-second';
  /**
   * For scenarios spread over many resources: what each next request is, built from the run's
   * cart fixture (made once, before the first such point). `path` and `body` then only describe it.
   */
  requests?: (carts: CartFixture) => () => BenchRequest;
  /** Likewise, for scenarios acting as the run's one registered customer. */
  customerRequests?: (customer: BenchCustomer) => () => BenchRequest;
  description: string;
}

/** One request of a scenario whose requests differ from one another. */
export interface BenchRequest {
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * A flow of several requests per shopper, each needing what the last answered: measured by its
 * own client (checkout-flow.ts) beside the points, selected by name as scenarios are.
 */
export interface Flow {
  name: string;
  /**
   * Concurrent shoppers, each running the flow back to back: the flow's connection counts (for the
   * relay, which has no shoppers, the count whose baseline its figures are read against).
   */
  shoppers: readonly number[];
  description: string;
}

// Issue 11: the whole checkout, for one shopper and for 16 at once.
export const CHECKOUT_FLOW: Flow = {
  name: 'checkout',
  shoppers: [1, 16],
  description:
    'cart, three lines, checkout (pays through the Stripe stand-in and places the order), complete, order read',
};

// Issue 12: the integration-event relay. Measured once, after every point, against the baseline
// at one connection: one relay publishes at a time, as one client would.
export const RELAY_FLOW: Flow = {
  name: 'relay',
  shoppers: [1],
  description:
    'a backlog of 10,000 pending events published by the Worker’s relay to QStash and delivered to a partner; ' +
    'then 100 ProductUpdated events/s (PIM deliveries of 5), each timed from its write to the partner’s receipt',
};

export const FLOWS: readonly Flow[] = [CHECKOUT_FLOW, RELAY_FLOW];

/** Connection counts of a scenario that names none. */
export const DEFAULT_CONNECTIONS = [1, 16, 64] as const;

export const BASELINE: Scenario = {
  name: 'baseline',
  target: 'baseline',
  method: 'GET',
  path: '/',
  expectStatus: 200,
  description: "hello-world Worker returning new Response('ok'): the runtime's own cost",
};

// The catalog scenarios run at one and 16 clients.
const CATALOG_CONNECTIONS = [1, 16] as const;

/** Catalog reads, each measured cold (no cache: Postgres every time) and warm (cached). */
const CATALOG_READS = [
  {
    name: 'product',
    path: `/v1/products/${firstActiveHandle()}`,
    description: 'one product by handle with variants, media and USD prices',
  },
  {
    name: 'list',
    path: '/v1/products?limit=20',
    description: 'first page of 20 products with prices and facets',
  },
  {
    name: 'filtered',
    path: '/v1/products?category=apparel&option.size=M&available=true&sort=price_asc&limit=20',
    description: 'category subtree + option + availability filter, price sort, with facets',
  },
  {
    name: 'search',
    path: '/v1/products?q=cotton%20hoodie&limit=20',
    description: 'full-text + trigram search ranked by relevance, with facets',
  },
] as const;

// Issue 9: 1,000 carts over 100 SKUs at 16 and 64 clients; one hot SKU from 200 carts at once.
const CART_CONNECTIONS = [16, 64] as const;
export const HOT_SKU_CARTS = 200;
/** Lines an add-to-cart cart cycles over: carts stay small (as shoppers' do) and reach a steady size. */
const LINES_PER_CART = 5;

const cartHeaders = (token: string) => ({ 'Content-Type': 'application/json', 'X-Cart-Token': token });

/** Adds one of a SKU to a cart: pass p over the carts gives cart c the SKU (c + (p mod 5) × 20) mod 100. */
function addToCart(fixture: CartFixture): () => BenchRequest {
  let sent = 0;
  const stride = Math.max(1, Math.floor(fixture.variants.length / LINES_PER_CART));
  return () => {
    const index = sent++;
    const cartIndex = index % fixture.carts.length;
    const pass = Math.floor(index / fixture.carts.length);
    const cart = fixture.carts[cartIndex] as CartFixture['carts'][number];
    const variant = fixture.variants[
      (cartIndex + (pass % LINES_PER_CART) * stride) % fixture.variants.length
    ] as CartFixture['variants'][number];
    return {
      path: `/v1/carts/${cart.id}/lines`,
      headers: cartHeaders(cart.token),
      body: JSON.stringify({ variantId: variant.id, quantity: 1 }),
    };
  };
}

/** Sets a cart's setup line to 2, then 1, then 2…: raising asks the catalog, lowering does not. */
function changeQuantity(fixture: CartFixture): () => BenchRequest {
  let sent = 0;
  return () => {
    const line = fixture.lines[sent++ % fixture.lines.length] as CartFixture['lines'][number];
    const quantity = line.nextQuantity;
    line.nextQuantity = quantity === 2 ? 1 : 2;
    return {
      path: `/v1/carts/${line.cart.id}/lines/${line.lineId}`,
      headers: cartHeaders(line.cart.token),
      body: JSON.stringify({ quantity }),
    };
  };
}

function readCart(fixture: CartFixture): () => BenchRequest {
  let sent = 0;
  return () => {
    const cart = fixture.carts[sent++ % fixture.carts.length] as CartFixture['carts'][number];
    return { path: `/v1/carts/${cart.id}`, headers: { 'X-Cart-Token': cart.token } };
  };
}

/** One more of the hot SKU, round-robin over its carts: as many carts as connections, so about one request per cart in flight. */
function reserveHotSku(fixture: CartFixture): () => BenchRequest {
  let sent = 0;
  const body = JSON.stringify({ variantId: fixture.hotVariant.id, quantity: 1 });
  return () => {
    const cart = fixture.hotCarts[sent++ % fixture.hotCarts.length] as CartFixture['hotCarts'][number];
    return { path: `/v1/carts/${cart.id}/lines`, headers: cartHeaders(cart.token), body };
  };
}

/** The floor's holders and SKUs, as many as the cart scenarios' carts and SKUs. */
function floorAdds(holders: number, skus: number): () => BenchRequest {
  let sent = 0;
  return () => {
    const index = sent++;
    return { path: `/?holder=h${index % holders}&sku=s${(index * 7) % skus}`, headers: {} };
  };
}

const CART_SCENARIOS: readonly Scenario[] = [
  {
    name: 'cart-add',
    target: 'api',
    method: 'POST',
    path: '/v1/carts/{cartId}/lines',
    body: '{"variantId":"…","quantity":1}',
    expectStatus: 200,
    connections: CART_CONNECTIONS,
    requests: addToCart,
    description:
      'add one of a SKU to a cart, cycling over 1,000 carts and 100 SKUs (5 lines a cart at most): ' +
      'Worker → CartObject → catalog cache and the SKU’s InventoryObject',
  },
  {
    name: 'cart-change',
    target: 'api',
    method: 'PATCH',
    path: '/v1/carts/{cartId}/lines/{lineId}',
    body: '{"quantity":2} / {"quantity":1}',
    expectStatus: 200,
    connections: CART_CONNECTIONS,
    requests: changeQuantity,
    description: "set an existing line's quantity, alternating 2 and 1, over 1,000 carts",
  },
  {
    name: 'cart-read-warm',
    target: 'api',
    method: 'GET',
    path: '/v1/carts/{cartId}',
    expectStatus: 200,
    connections: CART_CONNECTIONS,
    requests: readCart,
    description: 'the whole cart with totals, over 1,000 carts, catalog warm',
  },
  {
    name: 'cart-hot-sku',
    target: 'api',
    method: 'POST',
    path: '/v1/carts/{cartId}/lines',
    body: '{"variantId":"<hot>","quantity":1}',
    expectStatus: 200,
    connections: [HOT_SKU_CARTS],
    requests: reserveHotSku,
    description: `${HOT_SKU_CARTS} carts adding one SKU at once: every 200 is a reservation by its one InventoryObject`,
  },
  // The floors under cart-add and cart-hot-sku: what the platform's shape costs before our code.
  {
    name: 'cart-floor',
    target: 'actor-floor',
    method: 'POST',
    path: '/?holder={holder}&sku={sku}',
    expectStatus: 200,
    connections: CART_CONNECTIONS,
    requests: () => floorAdds(1_000, 100),
    description:
      'the floor under cart-add: Worker → holder object → stock object, one SQLite write in each, over 1,000 holders and 100 SKUs',
  },
  {
    name: 'cart-floor-hot-sku',
    target: 'actor-floor',
    method: 'POST',
    path: '/?holder={holder}&sku=s0',
    expectStatus: 200,
    connections: [HOT_SKU_CARTS],
    requests: () => floorAdds(HOT_SKU_CARTS, 1),
    description: `the floor under cart-hot-sku: ${HOT_SKU_CARTS} holders calling one stock object`,
  },
];

// Issue 10: the signed-in customer's account against a warm product read, and login's price.
const CUSTOMER_SCENARIOS: readonly Scenario[] = [
  {
    name: 'customer-me',
    target: 'api',
    method: 'GET',
    path: '/v1/customers/me',
    expectStatus: 200,
    connections: CATALOG_CONNECTIONS,
    customerRequests: (customer) => () => ({
      path: '/v1/customers/me',
      headers: { Authorization: `Bearer ${customer.accessToken}` },
    }),
    description: 'the signed-in customer’s account: ES256 verification with a cached key, one indexed read',
  },
  {
    name: 'login',
    target: 'api',
    method: 'POST',
    path: '/v1/auth/login',
    expectStatus: 200,
    connections: [1],
    customerRequests: (customer) => {
      const body = JSON.stringify({ email: customer.email, password: customer.password });
      return () => ({ path: '/v1/auth/login', headers: { 'Content-Type': 'application/json' }, body });
    },
    description: 'sign in: Argon2id (19 MiB, 2 passes) over the password, a session and two tokens',
  },
  {
    name: 'login-kdf',
    target: 'kdf',
    method: 'GET',
    path: '/',
    expectStatus: 200,
    connections: [1],
    description: 'the password check alone (Argon2id at the API’s cost) in the same workerd: login’s floor',
  },
];

export const SCENARIOS: readonly Scenario[] = [
  BASELINE,
  {
    name: 'health',
    target: 'api',
    method: 'GET',
    path: '/v1/health',
    expectStatus: 200,
    description: 'full middleware stack plus one `select 1` through the Neon driver and the bridge',
  },
  ...CATALOG_READS.flatMap((read): Scenario[] => [
    {
      name: `${read.name}-cold`,
      target: 'api-uncached',
      method: 'GET',
      path: read.path,
      expectStatus: 200,
      connections: CATALOG_CONNECTIONS,
      description: `${read.description}; no cache`,
    },
    {
      name: `${read.name}-warm`,
      target: 'api',
      method: 'GET',
      path: read.path,
      expectStatus: 200,
      connections: CATALOG_CONNECTIONS,
      description: `${read.description}; from the catalog cache`,
    },
  ]),
  // Issue 8: what a steady trickle of catalog writes costs warm reads (each write invalidates).
  {
    name: 'list-warm-writes',
    target: 'api',
    method: 'GET',
    path: '/v1/products?limit=20',
    expectStatus: 200,
    connections: [16],
    writer: 'pim-product-per-second',
    description:
      'first page of 20 products from the catalog cache while a PIM product update lands every second',
  },
  // The front door's target: warm reads keep at least 90% of their rate with limits on.
  ...CATALOG_READS.filter((read) => read.name === 'product' || read.name === 'list').map(
    (read): Scenario => ({
      name: `${read.name}-warm-unlimited`,
      target: 'api-unlimited',
      method: 'GET',
      path: read.path,
      expectStatus: 200,
      connections: CATALOG_CONNECTIONS,
      description: `${read.description}; from the catalog cache, rate limits off`,
    }),
  ),
  ...CART_SCENARIOS,
  ...CUSTOMER_SCENARIOS,
];

// The generated catalog is deterministic, so the benchmarked product is the same in every run.
function firstActiveHandle(): string {
  for (let index = 0; ; index++) {
    const { product } = generateProduct(index);
    if (product.status === 'active') return product.handle;
  }
}

/**
 * The connection counts a run measures: the ones asked for, or else every count a selected
 * scenario or flow runs at (the baseline runs at each, so every point has its ratio).
 */
export function connectionCounts(
  asked: readonly number[] | null,
  scenarios: readonly Scenario[],
  flows: readonly Flow[] = [],
): number[] {
  if (asked !== null) return [...asked];
  const counts = new Set<number>();
  for (const scenario of scenarios) {
    if (scenario.target === 'baseline') continue;
    for (const count of scenario.connections ?? DEFAULT_CONNECTIONS) counts.add(count);
  }
  for (const flow of flows) for (const count of flow.shoppers) counts.add(count);
  return [...counts].sort((a, b) => a - b);
}

/**
 * Whether a scenario is measured at `connections`: the baseline at every count of the run, a
 * scenario at its own counts, and one that names none at the counts asked for (else the defaults,
 * so that the hot SKU's 200 clients do not add a point to every other scenario).
 */
export function runsAt(scenario: Scenario, connections: number, asked: readonly number[] | null): boolean {
  if (scenario.target === 'baseline') return true;
  return (scenario.connections ?? asked ?? DEFAULT_CONNECTIONS).includes(connections);
}

/**
 * Picks scenarios whose name contains any of the filters. The baseline always runs: every other
 * figure is reported as a ratio to it. A filter may name a flow instead (see {@link selectFlows}).
 */
export function selectScenarios(
  filters: string[],
  all: readonly Scenario[] = SCENARIOS,
  flows: readonly Flow[] = FLOWS,
): Scenario[] {
  if (filters.length === 0) return [...all];
  const names = [...all, ...flows].map((candidate) => candidate.name);
  const unmatched = filters.filter((filter) => !names.some((name) => name.includes(filter)));
  if (unmatched.length > 0) {
    throw new Error(`No scenario matches ${unmatched.join(', ')}; known: ${names.join(', ')}.`);
  }
  return all.filter(
    (scenario) => scenario.target === 'baseline' || filters.some((filter) => scenario.name.includes(filter)),
  );
}

/** Picks flows as {@link selectScenarios} picks scenarios: all when there is no filter. */
export function selectFlows(filters: string[], all: readonly Flow[] = FLOWS): Flow[] {
  if (filters.length === 0) return [...all];
  return all.filter((flow) => filters.some((filter) => flow.name.includes(filter)));
}
