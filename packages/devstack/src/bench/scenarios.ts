import { generateProduct } from '../seed/catalog';

/** One benchmarked request. Append to SCENARIOS to measure a new route; nothing else changes. */
export interface Scenario {
  name: string;
  /**
   * Which Worker answers: the API with its catalog cache (`api`: warm once the first request
   * filled it), the same API bundle without cache bindings (`api-uncached`: every request
   * renders from Postgres, i.e. cold), the API with rate limits off (`api-unlimited`: what the
   * front door's counting costs), or the hello-world baseline, all in the same workerd.
   */
  target: 'api' | 'api-uncached' | 'api-unlimited' | 'baseline';
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
  description: string;
}

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
];

// The generated catalog is deterministic, so the benchmarked product is the same in every run.
function firstActiveHandle(): string {
  for (let index = 0; ; index++) {
    const { product } = generateProduct(index);
    if (product.status === 'active') return product.handle;
  }
}

/**
 * Picks scenarios whose name contains any of the filters. The baseline always runs: every other
 * figure is reported as a ratio to it.
 */
export function selectScenarios(filters: string[], all: readonly Scenario[] = SCENARIOS): Scenario[] {
  if (filters.length === 0) return [...all];
  const unmatched = filters.filter((filter) => !all.some((scenario) => scenario.name.includes(filter)));
  if (unmatched.length > 0) {
    throw new Error(
      `No scenario matches ${unmatched.join(', ')}; known: ${all.map((scenario) => scenario.name).join(', ')}.`,
    );
  }
  return all.filter(
    (scenario) => scenario.target === 'baseline' || filters.some((filter) => scenario.name.includes(filter)),
  );
}
