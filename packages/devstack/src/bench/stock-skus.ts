import { signQStashDelivery } from '../qstash';
import { inParallel, json } from './fixture-http';

export interface BenchVariant {
  id: string;
  sku: string;
}

export interface StockOptions {
  apiUrl: string;
  /** Reads the product pages without the catalog cache, so they are never stale. */
  uncachedApiUrl: string;
  signingKey: string;
  /** One single-variant product per handle; its SKU is the handle in capitals with `-M`. */
  handles: string[];
  title: string;
  /** On hand per SKU: enough that nothing the run reserves or sells runs it out. */
  onHand: number;
}

// The warehouse every bench SKU is stocked at.
const LOCATION = 'bench-1';

/**
 * Publishes, prices (USD) and stocks one product per handle through the PIM and WMS endpoints,
 * as a partner would, and returns their variants in the handles' order. Versions and sequences
 * come from the clock, so the catalog kept in .bench/ takes them in every run.
 */
export async function stockSkus(options: StockOptions): Promise<BenchVariant[]> {
  const { apiUrl, signingKey, handles } = options;
  const version = Date.now();
  const skuOf = (handle: string) => `${handle.toUpperCase()}-M`;
  await signedPost(apiUrl, signingKey, '/v1/integrations/pim/products', {
    products: handles.map((handle) => ({
      handle,
      version,
      title: `${options.title} ${handle}`,
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
  return inParallel(handles, async (handle) => {
    const page = await json<{ variants: BenchVariant[] }>(
      await fetch(`${options.uncachedApiUrl}/v1/products/${handle}?currency=USD`),
      200,
    );
    const variant = page.variants.find((candidate) => candidate.sku === skuOf(handle));
    if (!variant) throw new Error(`The product page of ${handle} has no variant ${skuOf(handle)}.`);
    return { id: variant.id, sku: variant.sku };
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
      'Upstash-Message-Id': `msg_bench_stock_${crypto.randomUUID()}`,
    },
  });
  await json(response, 200);
}
