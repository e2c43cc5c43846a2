import { signQStashDelivery } from '../qstash';

/** A cart the bench opened, with the token its creation returned. */
export interface BenchCart {
  id: string;
  token: string;
}

export interface BenchVariant {
  id: string;
  sku: string;
}

/** A line the setup put in a cart, for the change-quantity scenario to PATCH. */
export interface BenchLine {
  cart: BenchCart;
  lineId: string;
  /** The quantity the next PATCH sets: it alternates, so every change is a real one. */
  nextQuantity: number;
}

/** What the cart scenarios run against, made once per run by {@link prepareCarts}. */
export interface CartFixture {
  carts: BenchCart[];
  variants: BenchVariant[];
  /** One line per cart, added at setup. */
  lines: BenchLine[];
  /** Carts of their own for the hot-SKU scenario, empty at setup. */
  hotCarts: BenchCart[];
  hotVariant: BenchVariant;
}

export interface CartFixtureOptions {
  apiUrl: string;
  /** Reads the product pages without the catalog cache, so they are never stale. */
  uncachedApiUrl: string;
  signingKey: string;
  carts: number;
  skus: number;
  hotCarts: number;
  /** On hand per SKU: enough that no add of the run runs out (reservations live 15 minutes). */
  onHand: number;
  progress: (line: string) => void;
}

// Products of their own, so the generated catalog the catalog scenarios read stays as it is.
const HANDLE_PREFIX = 'bench-cart';
const LOCATION = 'bench-1';
const SETUP_CONCURRENCY = 16;

/**
 * Prices and stocks `skus` SKUs plus one hot SKU (through the PIM and WMS endpoints, as a
 * partner would), opens `carts` carts with one line each and `hotCarts` empty carts. Versions
 * and sequences come from the clock, so the catalog kept in .bench/ takes them in every run;
 * the Durable Objects' storage is new in every run, so no reservation of an earlier run remains.
 */
export async function prepareCarts(options: CartFixtureOptions): Promise<CartFixture> {
  const { apiUrl, signingKey, progress } = options;
  const version = Date.now();
  const handles = Array.from({ length: options.skus + 1 }, (_, index) =>
    index === options.skus ? `${HANDLE_PREFIX}-hot` : `${HANDLE_PREFIX}-${index}`,
  );
  const skuOf = (handle: string) => `${handle.toUpperCase()}-M`;

  progress(`Cart scenarios: pricing and stocking ${options.skus} SKUs and a hot one…`);
  await signedPost(apiUrl, signingKey, '/v1/integrations/pim/products', {
    products: handles.map((handle) => ({
      handle,
      version,
      title: `Bench cart tee ${handle}`,
      status: 'active',
      options: [{ name: 'size', values: ['M'] }],
      variants: [{ sku: skuOf(handle), options: { size: 'M' } }],
    })),
  });
  await signedPost(apiUrl, signingKey, '/v1/integrations/pim/prices', {
    prices: handles.map((handle, index) => ({
      sku: skuOf(handle),
      currency: 'USD',
      amount: 1_000 + index,
      version,
    })),
  });
  await signedPost(apiUrl, signingKey, '/v1/integrations/wms/inventory-levels', {
    levels: handles.map((handle) => ({
      sku: skuOf(handle),
      location: LOCATION,
      onHand: options.onHand,
      sequence: version,
    })),
  });
  const variants = await inParallel(handles, async (handle) => {
    const page = await json<{ variants: BenchVariant[] }>(
      await fetch(`${options.uncachedApiUrl}/v1/products/${handle}?currency=USD`),
      200,
    );
    const variant = page.variants.find((candidate) => candidate.sku === skuOf(handle));
    if (!variant) throw new Error(`The product page of ${handle} has no variant ${skuOf(handle)}.`);
    return { id: variant.id, sku: variant.sku };
  });
  const hotVariant = variants.pop();
  if (!hotVariant) throw new Error('No hot variant.');

  progress(`Cart scenarios: opening ${options.carts} carts with a line each and ${options.hotCarts} empty…`);
  const openCart = async (): Promise<BenchCart> => {
    const created = await json<BenchCart>(await cartRequest(apiUrl, 'POST', '/v1/carts', null, {}), 201);
    return { id: created.id, token: created.token };
  };
  const carts = await inParallel(Array.from({ length: options.carts }), openCart);
  const hotCarts = await inParallel(Array.from({ length: options.hotCarts }), openCart);
  const lines = await inParallel(carts, async (cart, index) => {
    const variant = variants[index % variants.length] as BenchVariant;
    const added = await json<{ lines: { id: string; variantId: string }[] }>(
      await cartRequest(apiUrl, 'POST', `/v1/carts/${cart.id}/lines`, cart.token, {
        variantId: variant.id,
        quantity: 1,
      }),
      200,
    );
    const line = added.lines.find((candidate) => candidate.variantId === variant.id);
    if (!line) throw new Error(`Cart ${cart.id} answered without the line it was given.`);
    return { cart, lineId: line.id, nextQuantity: 2 };
  });
  return { carts, variants, lines, hotCarts, hotVariant };
}

function cartRequest(
  apiUrl: string,
  method: 'POST' | 'PATCH' | 'GET',
  path: string,
  token: string | null,
  body: unknown,
): Promise<Response> {
  return fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Cart-Token': token } : {}) },
    body: JSON.stringify(body),
  });
}

async function signedPost(apiUrl: string, signingKey: string, path: string, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  const url = `${apiUrl}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    body: text,
    headers: {
      'Content-Type': 'application/json',
      'Upstash-Signature': await signQStashDelivery({ signingKey, url, body: text }),
      'Upstash-Message-Id': `msg_bench_carts_${crypto.randomUUID()}`,
    },
  });
  await json(response, 200);
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(
      `${response.url} answered ${response.status} (expected ${status}): ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text) as T;
}

/** Maps with at most SETUP_CONCURRENCY calls in flight, keeping the order. */
async function inParallel<In, Out>(
  items: In[],
  work: (item: In, index: number) => Promise<Out>,
): Promise<Out[]> {
  const results: Out[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as In, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, items.length) }, worker));
  return results;
}
