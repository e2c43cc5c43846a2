import { signQStashDelivery } from '../qstash';

/** One event's write, answered (or not), timed on the machine's clock. */
export interface WriteRecord {
  /** The product's title in the write: it tells the event recorded from every other. */
  title: string;
  /** The delivery's HTTP status, `stale` when the item changed nothing, null when no answer came. */
  status: number | 'stale' | null;
  /** The delivery's response time. */
  ms: number;
  /** Unix ms of the answer. */
  answeredAt: number;
  /** The delivery's SQL statements, from its Server-Timing header. */
  statements: number | null;
}

/** A product of the relay flow's own and the title a write gives it. */
export interface ProductTitle {
  handle: string;
  title: string;
}

// Products of their own, as drafts: their changes reach no page the catalog scenarios read.
const HANDLE_PREFIX = 'bench-relay';
const PRODUCTS_PATH = '/v1/integrations/pim/products';
const REQUEST_TIMEOUT_MS = 30_000;

/** The relay flow's products, `count` of them. */
export function relayProductHandles(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${HANDLE_PREFIX}-${index}`);
}

let lastVersion = 0;

/**
 * A PIM version above every earlier one, this run's and the kept database's: microseconds of the
 * clock, one more than the last when two calls share one.
 */
function nextVersion(): number {
  lastVersion = Math.max(Date.now() * 1_000, lastVersion + 1);
  return lastVersion;
}

/**
 * One PIM delivery (signed as QStash signs, as the PIM's arrive) setting these products' titles;
 * each changed product records a `ProductUpdated` event in the delivery's transaction. Answers
 * one record per product, and the products' ids.
 */
export async function deliverTitles(
  apiUrl: string,
  signingKey: string,
  products: readonly ProductTitle[],
): Promise<{ records: WriteRecord[]; productIds: string[] }> {
  const version = nextVersion();
  const body = JSON.stringify({
    products: products.map(({ handle, title }) => ({
      handle,
      version,
      title,
      status: 'draft',
      options: [{ name: 'size', values: ['M'] }],
      variants: [{ sku: `${handle.toUpperCase()}-M`, options: { size: 'M' } }],
    })),
  });
  const url = `${apiUrl}${PRODUCTS_PATH}`;
  const started = performance.now();
  const answered = (status: WriteRecord['status'], statements: number | null = null) => {
    const ms = performance.now() - started;
    const answeredAt = Date.now();
    return products.map(({ title }) => ({ title, status, ms, answeredAt, statements }));
  };
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        'Upstash-Signature': await signQStashDelivery({ signingKey, url, body }),
        'Upstash-Message-Id': `msg_bench_relay_${crypto.randomUUID()}`,
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const statements = /db;desc="(\d+) statements"/.exec(response.headers.get('Server-Timing') ?? '');
    const records = answered(response.status, statements ? Number(statements[1]) : null);
    if (response.status !== 200) return { records, productIds: [] };
    const { results } = JSON.parse(text) as {
      results: { index: number; productId: string; outcome: string }[];
    };
    for (const result of results) {
      const record = records[result.index];
      if (record && result.outcome === 'stale') record.status = 'stale';
    }
    return { records, productIds: results.map((result) => result.productId) };
  } catch {
    return { records: answered(null), productIds: [] };
  }
}

/**
 * Creates (or updates) the relay flow's draft products and answers their ids, in the handles'
 * order; the setup fails if the delivery does not answer 200.
 */
export async function prepareRelayProducts(
  apiUrl: string,
  signingKey: string,
  count: number,
): Promise<string[]> {
  const handles = relayProductHandles(count);
  const { records, productIds } = await deliverTitles(
    apiUrl,
    signingKey,
    handles.map((handle) => ({ handle, title: `Bench relay ${handle}` })),
  );
  if (productIds.length !== count) {
    throw new Error(`The relay flow's products were not created: ${records[0]?.status ?? 'no answer'}.`);
  }
  return productIds;
}
