import type { Database } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';

class Recomputed extends Error {
  constructor(readonly rows: Map<string, string>) {
    super('recomputed listings, rolled back');
  }
}

async function listingRows(db: Pick<Database, 'execute'>, productIds: readonly string[]) {
  const { rows } = await db.execute<{ product_id: string; listing: string }>(sql`
    select product_id, (to_jsonb(l) - 'refreshed_at')::text as listing from product_listings l
    where product_id in (select jsonb_array_elements_text(${JSON.stringify(productIds)}::jsonb))`);
  return new Map(rows.map((row) => [row.product_id, row.listing]));
}

/**
 * The products whose maintained listing differs from one computed from scratch now: the
 * refresh runs in a transaction that is rolled back, so the check changes nothing. Empty when
 * the read model kept up with every committed write.
 */
export async function driftedListings(db: Database, productIds: readonly string[]): Promise<string[]> {
  const maintained = await listingRows(db, productIds);
  let recomputed = new Map<string, string>();
  try {
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`select storefront_refresh_listings(array(select jsonb_array_elements_text(${JSON.stringify(productIds)}::jsonb)))`,
      );
      throw new Recomputed(await listingRows(tx, productIds));
    });
  } catch (error) {
    if (!(error instanceof Recomputed)) throw error;
    recomputed = error.rows;
  }
  return productIds.filter((id) => maintained.get(id) !== recomputed.get(id));
}
