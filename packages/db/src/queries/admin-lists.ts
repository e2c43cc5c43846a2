import { type SQL, sql } from 'drizzle-orm';
import {
  type CategoryView,
  categoryViewJson,
  type ProductView,
  productViewJson,
} from './catalog-writes/admin-views';
import type { Executor } from './catalog-writes/executor';
import type { ProductStatus } from './catalog-writes/pim-products';

// The admin lists: every row whatever its status, newest first, a keyset page per statement.
// Creation instants never change (handles, paths and statuses do), so a walk through the pages
// stays put while operators edit what it has not reached yet; ties break on the id.

/** Where the previous page ended: its last row's creation instant (ISO, microseconds) and id. */
export interface ListPosition {
  createdAt: string;
  id: string;
}

/** A listed row with the position a page ending on it resumes after. */
export interface Listed<T> {
  view: T;
  position: ListPosition;
}

/** Which page to read: the rows after `after` (from the start without it), at most `rows`. */
export interface ListPage {
  after: ListPosition | undefined;
  /** Read one more than the page shows: its presence tells that a next page exists. */
  rows: number;
}

export interface ProductListPage extends ListPage {
  /** Only these statuses; empty: every status. */
  statuses: readonly ProductStatus[];
}

/** Products in admin view (the shape of the admin GET), newest first. One statement. */
export async function listAdminProducts(db: Executor, page: ProductListPage): Promise<Listed<ProductView>[]> {
  const { rows } = await db.execute<{ view: ProductView; createdAt: string }>(sql`
    select ${productViewJson} as view, ${microsecondInstant(sql`p.created_at`)} as "createdAt"
    from products p
    where ${statusIn(page.statuses)} and ${after(sql`p`, page.after)}
    -- The spelling of products_newest_idx (drizzle's DESC is NULLS LAST), so the page walks it.
    order by p.created_at desc nulls last, p.id desc nulls last
    limit ${page.rows}`);
  return rows.map(({ view, createdAt }) => ({ view, position: { createdAt, id: view.id } }));
}

/** Categories in admin view, newest first. One statement. */
export async function listAdminCategories(db: Executor, page: ListPage): Promise<Listed<CategoryView>[]> {
  const { rows } = await db.execute<{ view: CategoryView; createdAt: string }>(sql`
    select ${categoryViewJson} as view, ${microsecondInstant(sql`c.created_at`)} as "createdAt"
    from categories c
    where ${after(sql`c`, page.after)}
    order by c.created_at desc, c.id desc
    limit ${page.rows}`);
  return rows.map(({ view, createdAt }) => ({ view, position: { createdAt, id: view.id } }));
}

// Microseconds, as Postgres keeps them: a cursor rounded to milliseconds would repeat or skip
// rows created within the same millisecond.
export const microsecondInstant = (column: SQL): SQL =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function statusIn(statuses: readonly ProductStatus[]): SQL {
  if (statuses.length === 0) return sql`true`;
  return sql`p.status in (${sql.join(
    statuses.map((status) => sql`${status}::product_status`),
    sql`, `,
  )})`;
}

/** Rows of `table` after `position` in newest-first order (every row without one). */
export function after(table: SQL, position: ListPosition | undefined): SQL {
  if (!position) return sql`true`;
  return sql`(${table}.created_at, ${table}.id) < (${position.createdAt}::timestamptz, ${position.id})`;
}
