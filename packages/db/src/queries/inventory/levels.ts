import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction } from '../catalog-writes/executor';

/** A WMS stock level for one SKU at one location. */
export interface InventoryLevel {
  sku: string;
  location: string;
  onHand: number;
  sequence: number;
}

export type LevelOutcome =
  | { index: number; outcome: 'applied'; currentSequence: number }
  /** The stored level has the same or a higher sequence; this one changed nothing. */
  | { index: number; outcome: 'stale'; currentSequence: number }
  /** No variant has the SKU; nothing was stored. */
  | { index: number; outcome: 'unknown_sku' };

/**
 * Stores each level unless the stored one for its (SKU, location) has an equal or higher
 * sequence, and only for SKUs some variant has. One statement for the whole batch: the SKU check
 * and the guarded upsert run together, so a SKU is judged in the same snapshot it is written in.
 * Rows are locked in key order, so concurrent batches wait on each other instead of deadlocking;
 * `ON CONFLICT DO UPDATE` locks the row even when its `WHERE` fails, so a racing batch compares
 * against the committed sequence. A second statement, only when some items were stale, reads the
 * sequences that beat them (in a fresh snapshot, which sees the winner). Keys must be distinct.
 */
export async function upsertInventoryLevels(
  tx: Transaction,
  levels: readonly InventoryLevel[],
): Promise<LevelOutcome[]> {
  const input = levels.map((level, index) => ({ ...level, index }));
  const { rows } = await tx.execute<{ index: number; known: boolean; applied: boolean }>(sql`
    with input as (
      select index, sku, location, "onHand", sequence
      from jsonb_to_recordset(${jsonParameter(input)})
        as i(index integer, sku text, location text, "onHand" bigint, sequence bigint)
    ), known as (
      select input.* from input where exists (select 1 from variants v where v.sku = input.sku)
    ), written as (
      insert into inventory_levels as l (sku, location, on_hand, sequence, updated_at)
      select sku, location, "onHand", sequence, now() from known
      order by sku, location
      on conflict (sku, location) do update set
        on_hand = excluded.on_hand, sequence = excluded.sequence, updated_at = excluded.updated_at
      where l.sequence < excluded.sequence
      returning l.sku, l.location
    )
    select input.index,
      exists (select 1 from known where known.index = input.index) as known,
      exists (select 1 from written w where w.sku = input.sku and w.location = input.location) as applied
    from input`);

  const outcomes = new Map<number, LevelOutcome>();
  const stale: typeof input = [];
  for (const row of rows) {
    const level = input[row.index];
    if (!level) continue;
    if (!row.known) outcomes.set(row.index, { index: row.index, outcome: 'unknown_sku' });
    else if (row.applied)
      outcomes.set(row.index, { index: row.index, outcome: 'applied', currentSequence: level.sequence });
    else stale.push(level);
  }
  if (stale.length > 0) {
    const { rows: current } = await tx.execute<{ index: number; sequence: string }>(sql`
      select i.index, l.sequence
      from jsonb_to_recordset(${jsonParameter(stale)}) as i(index integer, sku text, location text)
      join inventory_levels l on l.sku = i.sku and l.location = i.location`);
    for (const row of current) {
      outcomes.set(row.index, { index: row.index, outcome: 'stale', currentSequence: Number(row.sequence) });
    }
  }
  return input.map((level) => {
    const outcome = outcomes.get(level.index);
    // Known but not written means a level with a sequence at least as high exists, locked by the upsert.
    if (!outcome) throw new Error(`level ${level.index} was neither written nor found`);
    return outcome;
  });
}
