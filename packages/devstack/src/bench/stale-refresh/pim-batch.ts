import { signQStashDelivery } from '../../qstash';
import { generateProduct } from '../../seed/catalog';

const PRODUCTS_PATH = '/v1/integrations/pim/products';

/**
 * The PIM's new version of catalog products `first` … `first + count - 1`: the same variants,
 * options, media and category, a new title. What a nightly PIM export sends for products that
 * already exist.
 */
export function pimProductBatch(first: number, count: number, version: number): { products: unknown[] } {
  return {
    products: Array.from({ length: count }, (_, offset) => {
      const generated = generateProduct(first + offset);
      return {
        handle: generated.product.handle,
        version,
        title: `${generated.product.title} (v${version})`,
        description: generated.product.description,
        status: generated.product.status,
        vendor: generated.product.vendor,
        tags: generated.product.tags,
        attributes: generated.product.attributes,
        options: generated.options.map(({ name, values }) => ({ name, values })),
        variants: generated.variants.map((variant) => ({
          sku: variant.sku,
          title: variant.title,
          options: variant.options,
          weightGrams: variant.weightGrams,
          availableForSale: variant.availableForSale,
        })),
        media: generated.media.map(({ url, alt }) => ({ url, alt })),
        categories: [generated.categoryHandle],
      };
    }),
  };
}

/** Delivers `batch` as QStash would (signed, with a fresh message id); throws unless it is applied. */
export async function deliverPimBatch(apiUrl: string, signingKey: string, batch: unknown): Promise<void> {
  const url = `${apiUrl}${PRODUCTS_PATH}`;
  const body = JSON.stringify(batch);
  const signature = await signQStashDelivery({ signingKey, url, body });
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'Upstash-Signature': signature,
      'Upstash-Message-Id': `msg_bench_${crypto.randomUUID()}`,
      'Upstash-Retried': '0',
    },
    signal: AbortSignal.timeout(600_000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`PIM batch answered ${response.status}: ${text.slice(0, 500)}`);
}
