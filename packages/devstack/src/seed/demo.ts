import { schema } from '@edge-commerce/db';
import { connectFromNode, type DatabaseTarget } from '../postgres/connect';
import { analyzeCatalog, seedCatalog } from './catalog';
import { DEMO_MARKETS } from './markets';

/** Products in the demo catalog `npm start` seeds; `npm run seed -- --products N` makes more. */
export const DEMO_PRODUCT_COUNT = 240;

export interface SeedReport {
  marketsInserted: number;
  productsInserted: number;
}

/**
 * Seeds the demo data: markets and the first `products` products of the deterministic catalog.
 * Idempotent: rows are keyed by their fixed ids and an existing row is left as it is (a
 * developer's edits survive a restart), so a second run inserts nothing.
 */
export async function seedDemoData(
  target: DatabaseTarget,
  { products = DEMO_PRODUCT_COUNT, progress }: { products?: number; progress?: (done: number) => void } = {},
): Promise<SeedReport> {
  const { db, close } = connectFromNode(target);
  try {
    const inserted = await db
      .insert(schema.markets)
      .values(DEMO_MARKETS)
      .onConflictDoNothing({ target: schema.markets.id })
      .returning({ id: schema.markets.id });
    const catalog = await seedCatalog(db, products, progress);
    if (catalog.productsInserted > 0) await analyzeCatalog(db);
    return { marketsInserted: inserted.length, productsInserted: catalog.productsInserted };
  } finally {
    await close();
  }
}
