import { describe, expect, it } from 'vitest';
import { statementCount } from './catalog-test-kit';
import { buildWorld, pricedVariant, storefrontGet } from './storefront-fixtures';

// Through the test Worker itself: each request below is a request of its own to workerd, as
// shoppers' are, so a miss that waits for another's render waits across request contexts.
describe('a page many shoppers ask for at once, before it is cached', () => {
  it('is rendered once in the isolate, and every one of them gets that rendering', async () => {
    const world = await buildWorld([
      { key: 'stampede-tee', title: 'Stampede Tee', variants: [pricedVariant({ size: 'M' }, 2500)] },
    ]);
    // Warms what every list reads besides the page (the markets), so that only the page is cold.
    expect((await storefrontGet(`/v1/products?tag=${world.tag}&limit=1`)).status).toBe(200);

    const page = `/v1/products?tag=${world.tag}`;
    const responses = await Promise.all(Array.from({ length: 16 }, () => storefrontGet(page)));
    const bodies = await Promise.all(responses.map((response) => response.text()));

    expect(responses.map((response) => response.status)).toEqual(Array(16).fill(200));
    expect(new Set(bodies).size).toBe(1);
    // One render; other suites' writes may move the shared catalog version in the middle, and a
    // read after that renders the new version, so a second render is not a stampede.
    const rendered = responses.filter((response) => statementCount(response) > 0).length;
    expect(rendered).toBeGreaterThanOrEqual(1);
    expect(rendered).toBeLessThanOrEqual(2);
  });
});
