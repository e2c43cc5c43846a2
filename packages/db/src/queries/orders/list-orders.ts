import { type SQL, sql } from 'drizzle-orm';
import { type Listed, type ListPage, microsecondInstant } from '../admin-lists';
import type { Executor } from '../catalog-writes/executor';
import { type OrderRecord, orderJson } from './read-order';

/** Which orders a list shows; every filter absent: all of them. */
export interface OrderFilters {
  customerId?: string | undefined;
  status?: string | undefined;
  email?: string | undefined;
  /** The order with this sequence value (an order number, turned back by the caller). */
  sequence?: number | undefined;
  /** Placed at or after (inclusive), before (exclusive). */
  placedFrom?: string | undefined;
  placedBefore?: string | undefined;
  /** Grand total bounds in minor units, inclusive. */
  minTotal?: number | undefined;
  maxTotal?: number | undefined;
}

/**
 * Orders newest first (placed instant, then id), a keyset page per statement, narrowed by the
 * filters. A customer's own list walks `orders_customer_newest_idx`, the admin list
 * `orders_newest_idx`; placing instants never change, so a walk neither repeats nor skips.
 */
export async function listOrders(
  db: Executor,
  filters: OrderFilters,
  page: ListPage,
): Promise<Listed<OrderRecord>[]> {
  const { rows } = await db.execute<{ order: OrderRecord; placedAt: string }>(sql`
    select ${orderJson} as order, ${microsecondInstant(sql`o.placed_at`)} as "placedAt"
    from orders o
    where ${sql.join(conditions(filters), sql` and `)}
      and ${page.after ? sql`(o.placed_at, o.id) < (${page.after.createdAt}::timestamptz, ${page.after.id})` : sql`true`}
    order by o.placed_at desc nulls last, o.id desc nulls last
    limit ${page.rows}`);
  return rows.map(({ order, placedAt }) => ({
    view: order,
    position: { createdAt: placedAt, id: order.id },
  }));
}

// Filters left out of the statement when absent, so its plan never has to allow for them.
function conditions(filters: OrderFilters): SQL[] {
  const where: SQL[] = [sql`true`];
  if (filters.customerId !== undefined) where.push(sql`o.customer_id = ${filters.customerId}`);
  if (filters.status !== undefined) where.push(sql`o.status = ${filters.status}`);
  if (filters.email !== undefined) where.push(sql`lower(o.email) = lower(${filters.email})`);
  if (filters.sequence !== undefined) where.push(sql`o.sequence = ${filters.sequence}`);
  if (filters.placedFrom !== undefined) where.push(sql`o.placed_at >= ${filters.placedFrom}::timestamptz`);
  if (filters.placedBefore !== undefined) where.push(sql`o.placed_at < ${filters.placedBefore}::timestamptz`);
  if (filters.minTotal !== undefined) where.push(sql`o.grand_total >= ${filters.minTotal}`);
  if (filters.maxTotal !== undefined) where.push(sql`o.grand_total <= ${filters.maxTotal}`);
  return where;
}
