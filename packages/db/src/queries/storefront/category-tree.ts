import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

export interface CategoryRow {
  id: string;
  handle: string;
  name: string;
  parentId: string | null;
  path: string;
  position: number;
}

/** Every category, siblings in merchandised order (position, then handle). */
export async function loadCategories(db: Database): Promise<CategoryRow[]> {
  const result = await db.execute<{ categories: CategoryRow[] }>(sql`
    select coalesce(json_agg(json_build_object(
      'id', id, 'handle', handle, 'name', name, 'parentId', parent_id, 'path', path, 'position', position)
      order by position, handle), '[]'::json) as categories
    from categories`);
  return result.rows[0]?.categories ?? [];
}
