import { sql } from 'drizzle-orm';
import type { Transaction } from './executor';
import { sqlState } from './retry';

/**
 * Serializes changes to the category tree (one transaction-scoped advisory lock). Tree edits
 * are rare, and checking "the new parent is not below the category" is only sound if no other
 * move runs in between.
 */
export async function lockCategoryTree(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('edge-commerce:category-tree'))`);
}

export type CategoryRow = {
  id: string;
  handle: string;
  name: string;
  parentId: string | null;
  path: string;
  position: number;
};

/** A category by id or by handle. */
export async function findCategory(
  tx: Transaction,
  key: { id: string } | { handle: string },
): Promise<CategoryRow | undefined> {
  const where = 'id' in key ? sql`id = ${key.id}` : sql`handle = ${key.handle}`;
  const { rows } = await tx.execute<CategoryRow>(sql`
    select id, handle, name, parent_id as "parentId", path, position from categories where ${where}`);
  return rows[0];
}

/** The size of the category tree, and the depth (in levels from a root) of the subtree at `path`. */
export type CategoryTreeMeasure = {
  categories: number;
  /** Levels from a root down to the deepest category at or below `path`; 0 when none was given. */
  deepestBelow: number;
};

/** Measures the tree under the tree lock, for the writers' size and depth limits. */
export async function measureCategoryTree(tx: Transaction, path?: string): Promise<CategoryTreeMeasure> {
  const { rows } = await tx.execute<CategoryTreeMeasure>(sql`
    select count(*)::int as categories,
           coalesce(max(cardinality(string_to_array(path, '/')))
             filter (where path = ${path ?? null} or starts_with(path, ${path === undefined ? null : `${path}/`})), 0)::int
             as "deepestBelow"
      from categories`);
  return rows[0] ?? { categories: 0, deepestBelow: 0 };
}

/** Thrown when a category handle is already used by another category. */
export class CategoryHandleTakenError extends Error {
  override readonly name = 'CategoryHandleTakenError';
  constructor(readonly handle: string) {
    super(`category handle ${handle} is taken`);
  }
}

/** Inserts a category; false when its handle is taken. */
export async function insertCategory(tx: Transaction, row: CategoryRow): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    insert into categories (id, handle, name, parent_id, path, position)
    values (${row.id}, ${row.handle}, ${row.name}, ${row.parentId}, ${row.path}, ${row.position})
    on conflict do nothing
    returning id`);
  return rows.length === 1;
}

/**
 * Rewrites a category (name, handle, parent, position) and, when its path changes, the path of
 * every category below it, in one statement. Returns how many descendants moved with it.
 */
export async function updateCategory(
  tx: Transaction,
  before: CategoryRow,
  after: CategoryRow,
): Promise<number> {
  // `_` and `%` are LIKE wildcards and may occur in handles.
  const below = `${before.path.replace(/[\\%_]/g, (match) => `\\${match}`)}/%`;
  try {
    const { rows } = await tx.execute<{ id: string }>(sql`
      update categories set
        path = ${after.path} || substr(path, length(${before.path}::text) + 1),
        handle = case when id = ${before.id} then ${after.handle} else handle end,
        name = case when id = ${before.id} then ${after.name} else name end,
        parent_id = case when id = ${before.id} then ${after.parentId} else parent_id end,
        position = case when id = ${before.id} then ${after.position} else position end,
        updated_at = now()
      where id = ${before.id} or (${before.path !== after.path} and path like ${below})
      returning id`);
    return rows.length - 1;
  } catch (error) {
    if (sqlState(error) === '23505') throw new CategoryHandleTakenError(after.handle);
    throw error;
  }
}
