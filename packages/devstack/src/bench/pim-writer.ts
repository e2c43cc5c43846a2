import { signQStashDelivery } from '../qstash';

/** What the writer saw while it ran: its own requests, answered by the API under load. */
export interface WriterReport {
  /** Writes sent, and how many got the 200 a PIM product batch answers. */
  writes: number;
  ok: number;
  p50Ms: number;
  p99Ms: number;
  /** SQL statements the writes cost, from their Server-Timing headers, per second of writing. */
  sqlStatementsPerSecond: number;
}

export interface PimWriter {
  stop(): Promise<WriterReport>;
}

// Its own product, so that the catalog the other scenarios read stays the generated one.
const HANDLE = 'bench-writer-tee';
const SKU = 'BENCH-WRITER-TEE-M';
const PRODUCTS = '/v1/integrations/pim/products';
const PRICES = '/v1/integrations/pim/prices';

/**
 * Sends one signed PIM product update per `intervalMs` (a title change of one active product,
 * which every storefront list shows, so each write is a change shoppers see) until stopped.
 * Versions come from the clock, so a kept catalog accepts the writes of every later run.
 */
export function startPimWriter(options: {
  apiUrl: string;
  signingKey: string;
  intervalMs: number;
}): PimWriter {
  const latencies: number[] = [];
  let ok = 0;
  let sqlStatements = 0;
  let running = true;
  const startedAt = performance.now();

  const signedPost = async (path: string, body: string, id: string) => {
    const to = `${options.apiUrl}${path}`;
    return fetch(to, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        'Upstash-Signature': await signQStashDelivery({ signingKey: options.signingKey, url: to, body }),
        'Upstash-Message-Id': `msg_bench_${id}_${crypto.randomUUID()}`,
      },
    });
  };

  const writeOnce = async () => {
    const version = Date.now();
    const body = JSON.stringify({
      products: [
        {
          handle: HANDLE,
          version,
          title: `Bench writer tee ${version}`,
          status: 'active',
          options: [{ name: 'size', values: ['M'] }],
          variants: [{ sku: SKU, options: { size: 'M' } }],
        },
      ],
    });
    const started = performance.now();
    const response = await signedPost(PRODUCTS, body, String(version));
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    if (response.status === 200) ok++;
    const match = /db;desc="(\d+) statements"/.exec(response.headers.get('Server-Timing') ?? '');
    sqlStatements += Number(match?.[1] ?? 0);
  };

  const loop = (async () => {
    // The product first, then its price: a product without one is listed nowhere, and its
    // writes would change no page.
    await writeOnce();
    const price = JSON.stringify({
      prices: [{ sku: SKU, currency: 'USD', amount: 2500, version: Date.now() }],
    });
    await (await signedPost(PRICES, price, 'price')).arrayBuffer();
    while (running) {
      const next = performance.now() + options.intervalMs;
      await writeOnce().catch(() => latencies.push(Number.NaN));
      const wait = next - performance.now();
      if (wait > 0 && running) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
      const at = (fraction: number) =>
        sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
      return {
        writes: latencies.length,
        ok,
        p50Ms: at(0.5) ?? Number.NaN,
        p99Ms: at(0.99) ?? Number.NaN,
        sqlStatementsPerSecond: sqlStatements / ((performance.now() - startedAt) / 1000),
      };
    },
  };
}
