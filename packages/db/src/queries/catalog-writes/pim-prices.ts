import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction } from './executor';

/** A price window as the PIM sends it, its SKU resolved to a variant. */
export interface PimPrice {
  /** Used only when the window (variant, currency, start) is new. */
  id: string;
  variantId: string;
  currency: string;
  amount: number;
  compareAtAmount: number | null;
  /** ISO 8601; null = since forever. */
  startsAt: string | null;
  /** ISO 8601; null = until further notice. */
  endsAt: string | null;
  version: number;
}

export type PriceOutcome =
  | { index: number; priceId: string; outcome: 'created' | 'updated' }
  | { index: number; priceId: string; outcome: 'stale'; currentVersion: number };

/**
 * Upserts price windows keyed by (variant, currency, start), each guarded by its own version:
 * `pim_version < excluded.pim_version`. One statement for the whole batch, rows locked in key
 * order so that concurrent batches cannot deadlock on each other; a second statement, only when
 * some items were stale, reads the versions that beat them. Outcomes come back by input index.
 */
export async function upsertPimPrices(tx: Transaction, prices: readonly PimPrice[]): Promise<PriceOutcome[]> {
  const input = prices.map((price, index) => ({ ...price, index }));
  const { rows } = await tx.execute<{ index: number; id: string; created: boolean }>(sql`
    with input as (
      select index, id, "variantId", currency, amount, "compareAtAmount", version,
        coalesce("startsAt", '-infinity') as starts_at, coalesce("endsAt", 'infinity') as ends_at
      from jsonb_to_recordset(${jsonParameter(input)})
        as i(index integer, id text, "variantId" text, currency text, amount bigint, "compareAtAmount" bigint,
             "startsAt" timestamptz, "endsAt" timestamptz, version bigint)
    ), written as (
      insert into prices as p
        (id, variant_id, currency, amount, compare_at_amount, starts_at, ends_at, pim_version)
      select id, "variantId", currency, amount, "compareAtAmount", starts_at, ends_at, version
      from input
      order by "variantId", currency, starts_at
      on conflict (variant_id, currency, starts_at) do update set
        amount = excluded.amount, compare_at_amount = excluded.compare_at_amount, ends_at = excluded.ends_at,
        pim_version = excluded.pim_version, updated_at = now()
      where p.pim_version < excluded.pim_version
      returning p.id, p.variant_id, p.currency, p.starts_at, (p.xmax = 0) as created
    )
    select input.index, written.id, written.created
    from input join written
      on written.variant_id = input."variantId" and written.currency = input.currency
      and written.starts_at = input.starts_at`);

  const outcomes = new Map<number, PriceOutcome>(
    rows.map((row) => [
      row.index,
      { index: row.index, priceId: row.id, outcome: row.created ? 'created' : 'updated' },
    ]),
  );
  const stale = input.filter((price) => !outcomes.has(price.index));
  if (stale.length > 0) {
    const { rows: current } = await tx.execute<{ index: number; id: string; pim_version: string }>(sql`
      select i.index, p.id, p.pim_version
      from jsonb_to_recordset(${jsonParameter(stale)})
        as i(index integer, "variantId" text, currency text, "startsAt" timestamptz)
      join prices p on p.variant_id = i."variantId" and p.currency = i.currency
        and p.starts_at = coalesce(i."startsAt", '-infinity')`);
    for (const row of current) {
      outcomes.set(row.index, {
        index: row.index,
        priceId: row.id,
        outcome: 'stale',
        currentVersion: Number(row.pim_version),
      });
    }
  }
  return input.map((price) => {
    const outcome = outcomes.get(price.index);
    // Not written means a window with a version at least as high exists, locked by the upsert.
    if (!outcome) throw new Error(`price ${price.index} was neither written nor found`);
    return outcome;
  });
}
