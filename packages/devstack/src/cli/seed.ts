/**
 * `npm run seed [-- --products N]`: applies migrations and seeds the demo data (idempotent) into
 * DATABASE_URL or the embedded database. `--products 50000` makes the deterministic large
 * catalog the benchmark uses; product n is the same in every run and every size.
 */
import { parseArgs } from 'node:util';
import { applyMigrations } from '../postgres/migrate';
import { DEMO_PRODUCT_COUNT, seedDemoData } from '../seed/demo';
import { withDatabase } from './with-database';

const { values } = parseArgs({ options: { products: { type: 'string' } } });
const products = values.products === undefined ? DEMO_PRODUCT_COUNT : Number(values.products);
if (!Number.isInteger(products) || products < 0 || products > 1_000_000) {
  console.error(`--products must be a whole number from 0 to 1000000, not ${values.products}`);
  process.exit(2);
}

await withDatabase('seed', async (target) => {
  await applyMigrations(target);
  const started = performance.now();
  const report = await seedDemoData(target, {
    products,
    progress: (done) => {
      if (done % 5_000 === 0 || done === products)
        process.stdout.write(`\r[seed] ${done}/${products} products`);
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\n[seed] ${report.marketsInserted} markets and ${report.productsInserted} products inserted in ${seconds} s`,
  );
});
