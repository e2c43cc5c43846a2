import type { schema } from '@edge-commerce/db';

/**
 * The demo markets: where the shop sells, in which currency, with or without tax in prices.
 * Plain data with no I/O, so the Worker test fixtures (in workerd) insert the same rows.
 */
export const DEMO_MARKETS: (typeof schema.markets.$inferInsert)[] = [
  {
    id: 'mkt_us',
    handle: 'us',
    name: 'United States',
    defaultCurrency: 'USD',
    currencies: ['USD'],
    countries: ['US'],
    pricesIncludeTax: false,
  },
  {
    id: 'mkt_eu',
    handle: 'eu',
    name: 'European Union',
    defaultCurrency: 'EUR',
    currencies: ['EUR'],
    countries: ['AT', 'BE', 'DE', 'ES', 'FI', 'FR', 'IE', 'IT', 'NL', 'PT'],
    pricesIncludeTax: true,
  },
  {
    id: 'mkt_gb',
    handle: 'gb',
    name: 'United Kingdom',
    defaultCurrency: 'GBP',
    currencies: ['GBP'],
    countries: ['GB'],
    pricesIncludeTax: true,
  },
];
