import { sql } from 'drizzle-orm';
import { type Transaction, textArray } from './executor';

/** The variants among `variantIds` that hold more than `max` price windows, with their counts. */
export async function variantsWithMorePriceWindows(
  tx: Transaction,
  variantIds: readonly string[],
  max: number,
): Promise<{ variantId: string; windows: number }[]> {
  if (variantIds.length === 0) return [];
  const { rows } = await tx.execute<{ variantId: string; windows: number }>(sql`
    select variant_id as "variantId", count(*)::int as windows
      from prices
     where variant_id = any(${textArray([...new Set(variantIds)])})
     group by variant_id
    having count(*) > ${max}`);
  return rows;
}
