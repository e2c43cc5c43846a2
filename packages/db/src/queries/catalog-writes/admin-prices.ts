import { sql } from 'drizzle-orm';
import type { PriceView } from './admin-views';
import { isoTimestamp, jsonParameter, type Transaction } from './executor';

export interface AdminPrice {
  /** Used only when the window (currency, start) is new. */
  id: string;
  currency: string;
  amount: number;
  compareAtAmount: number | null;
  startsAt: string | null;
  endsAt: string | null;
}

/** A price window the upsert created or changed, as the admin API shows it. */
export interface ChangedPrice extends PriceView {
  change: 'created' | 'updated';
}

/**
 * Sets a variant's price windows, keyed by (currency, start), in one statement. Windows whose
 * values are already these are left alone (and reported nowhere); windows not named are kept.
 * New windows get `pim_version` 0 and changed ones keep theirs, so the next newer PIM price
 * for the window wins.
 */
export async function upsertAdminPrices(
  tx: Transaction,
  variantId: string,
  prices: readonly AdminPrice[],
): Promise<ChangedPrice[]> {
  const { rows } = await tx.execute<{
    id: string;
    currency: string;
    amount: string;
    compare_at_amount: string | null;
    starts_at: string | null;
    ends_at: string | null;
    created: boolean;
    pim_version: string;
  }>(sql`
    insert into prices as p (id, variant_id, currency, amount, compare_at_amount, starts_at, ends_at, pim_version)
    select id, ${variantId}, currency, amount, "compareAtAmount", coalesce("startsAt", '-infinity'),
      coalesce("endsAt", 'infinity'), 0
    from jsonb_to_recordset(${jsonParameter(prices)})
      as i(id text, currency text, amount bigint, "compareAtAmount" bigint, "startsAt" timestamptz, "endsAt" timestamptz)
    order by currency, 6
    on conflict (variant_id, currency, starts_at) do update set
      amount = excluded.amount, compare_at_amount = excluded.compare_at_amount, ends_at = excluded.ends_at,
      updated_at = now()
    where (p.amount, p.compare_at_amount, p.ends_at)
      is distinct from (excluded.amount, excluded.compare_at_amount, excluded.ends_at)
    returning p.id, p.currency::text as currency, p.amount, p.compare_at_amount,
      ${isoTimestamp(sql`p.starts_at`)} as starts_at, ${isoTimestamp(sql`p.ends_at`)} as ends_at,
      (p.xmax = 0) as created, p.pim_version`);
  return rows.map((row) => ({
    id: row.id,
    currency: row.currency,
    amount: Number(row.amount),
    compareAtAmount: row.compare_at_amount === null ? null : Number(row.compare_at_amount),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    change: row.created ? 'created' : 'updated',
    pimVersion: Number(row.pim_version),
  }));
}
