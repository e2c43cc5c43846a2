import { catalogWrites, schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import { textProblem } from '../../../workers/api/src/input/text';
import { postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { productItem } from './pim-fixtures';
import { type ListBody, storefrontJson } from './storefront-fixtures';

// Issue 8, item 1: facet keys join an option's name and value with U+001F and split them again
// on read, so text holding the separator could forge a facet that filters to nothing. The input
// boundary refuses control characters (U+001F among them) in every option name and value; this
// proves the property that matters over any text the boundary admits, punctuation, separators of
// other kinds and any script included: every facet a list shows, used as a filter, returns
// exactly its count.

const TRICKY = [
  ':',
  '.',
  '=',
  '&',
  '%',
  '"',
  "'",
  '\\',
  '/',
  '?',
  '#',
  '+',
  ' ',
  '|',
  ',',
  '[',
  ']',
  '$',
  '\u00a0',
  '\u2028',
  '\u200d',
  'é',
  'ß',
  'ｆ',
  '👕',
];

/** Text the boundary admits for an option name or value, as the API will store it. */
const optionText = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join('').normalize('NFC').trim().slice(0, 64).trim())
  .filter((text) => text.length > 0 && textProblem(text) === undefined);

const distinct = (values: string[]) => new Set(values).size === values.length;

const catalogShape = fc
  .record({
    names: fc.tuple(optionText, optionText).filter(([a, b]) => a !== b),
    firstValues: fc.uniqueArray(optionText, { minLength: 1, maxLength: 3 }),
    secondValues: fc.uniqueArray(optionText, { minLength: 1, maxLength: 2 }),
  })
  .filter(({ firstValues, secondValues }) => distinct(firstValues) && distinct(secondValues));

beforeAll(async () => {
  await withDatabase((db) => db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing());
});

describe('facet keys', () => {
  it('every option facet a list shows, used as a filter, returns exactly its count', async () => {
    await fc.assert(
      fc.asyncProperty(catalogShape, async ({ names, firstValues, secondValues }) => {
        const run = uniqueSuffix();
        const [first, second] = names;
        // Two products: one with every value of both options, one with the first value of each,
        // so counts are 1 and 2.
        const product = (handle: string, values: string[], others: string[]) => ({
          handle,
          version: 1,
          title: `Facet ${handle}`,
          status: 'active',
          tags: [`facet-${run}`],
          options: [
            { name: first, values },
            { name: second, values: others },
          ],
          variants: values.flatMap((value, index) =>
            others.map((other, otherIndex) => ({
              sku: `${handle}-${index}-${otherIndex}`.toUpperCase(),
              options: { [first]: value, [second]: other },
            })),
          ),
        });
        const products = [
          product(`fa-${run}`, firstValues, secondValues),
          product(`fb-${run}`, firstValues.slice(0, 1), secondValues.slice(0, 1)),
        ];
        const written = await postSigned('/v1/integrations/pim/products', { products });
        expect(written.status, await written.clone().text()).toBe(200);
        const prices = products.flatMap((item) =>
          item.variants.map((variant) => ({ sku: variant.sku, currency: 'USD', amount: 1_000, version: 1 })),
        );
        const priced = await postSigned('/v1/integrations/pim/prices', { prices });
        expect(priced.status, await priced.clone().text()).toBe(200);

        const scope = `tag=facet-${run}&currency=USD`;
        const list = await storefrontJson<ListBody>(`/v1/products?${scope}`);
        const shown = list.facets?.options ?? [];
        expect(shown.map((option) => option.name).sort()).toEqual([first, second].sort());
        for (const option of shown) {
          for (const { value, count } of option.values) {
            const filter = `option.${encodeURIComponent(option.name)}=${encodeURIComponent(value)}`;
            const filtered = await storefrontJson<ListBody>(`/v1/products?${scope}&${filter}`);
            expect(filtered.totalCount, `${option.name} = ${value}`).toBe(count);
          }
        }
      }),
      // Each run writes two products and reads a dozen pages; a fixed seed keeps CI repeatable.
      { numRuns: 12, seed: 20261130 },
    );
  }, 120_000);

  it('the database itself refuses the separator in option names and values, whoever writes them', async () => {
    const run = uniqueSuffix();
    const written = await postSigned('/v1/integrations/pim/products', {
      products: [productItem(`fsep-${run}`, 1)],
    });
    expect(written.status).toBe(200);
    const refusals = await withDatabase(async (db) => {
      const attempts = [
        sql`update variants set options = jsonb_build_object('a' || chr(31) || 'b', 'c')
            where product_id = (select id from products where handle = ${`fsep-${run}`})`,
        sql`update variants set options = jsonb_build_object('size', 'M' || chr(31) || 'L')
            where product_id = (select id from products where handle = ${`fsep-${run}`})`,
        sql`update product_options set values = array['M' || chr(31) || 'L']
            where product_id = (select id from products where handle = ${`fsep-${run}`})`,
      ];
      return Promise.all(
        attempts.map((attempt) =>
          db.execute(attempt).then(
            () => 'written',
            (error: unknown) => catalogWrites.sqlState(error),
          ),
        ),
      );
    });
    expect(refusals).toEqual(['23514', '23514', '23514']); // check_violation
  });
});
