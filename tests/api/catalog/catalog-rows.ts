import type { Database } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';

// Reads of what the catalog writes left in the database, for assertions: straight SQL, so the
// tests do not trust the code under test to read its own writes.

export interface StoredProduct {
  id: string;
  handle: string;
  title: string;
  status: string;
  vendor: string | null;
  tags: string[];
  pimVersion: number;
  searchDocument: string;
  options: { name: string; position: number; values: string[] }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    position: number;
    pimVersion: number;
  }[];
  media: { id: string; url: string; alt: string; position: number }[];
  categories: string[];
}

export async function storedProduct(db: Database, handle: string): Promise<StoredProduct | undefined> {
  const { rows } = await db.execute<{ product: StoredProduct | null }>(sql`
    select jsonb_build_object(
      'id', p.id, 'handle', p.handle, 'title', p.title, 'status', p.status, 'vendor', p.vendor, 'tags', p.tags,
      'pimVersion', p.pim_version, 'searchDocument', p.search_document::text,
      'options', coalesce((select jsonb_agg(jsonb_build_object('name', o.name, 'position', o.position, 'values', o.values)
                            order by o.position) from product_options o where o.product_id = p.id), '[]'),
      'variants', coalesce((select jsonb_agg(jsonb_build_object('id', v.id, 'sku', v.sku, 'title', v.title,
                            'options', v.options, 'position', v.position, 'pimVersion', v.pim_version) order by v.position)
                            from variants v where v.product_id = p.id), '[]'),
      'media', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'url', m.url, 'alt', m.alt, 'position', m.position)
                         order by m.position) from media m where m.product_id = p.id), '[]'),
      'categories', coalesce((select jsonb_agg(c.handle order by c.handle) from product_categories pc
                              join categories c on c.id = pc.category_id where pc.product_id = p.id), '[]')
    ) as product
    from products p where p.handle = ${handle}`);
  return rows[0]?.product ?? undefined;
}

// A type, not an interface: drizzle's execute<Row> wants an index-signature-compatible row.
export type StoredEvent = {
  id: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  data: Record<string, unknown>;
  occurredAt: string;
};

export async function eventsFor(db: Database, aggregateIds: readonly string[]): Promise<StoredEvent[]> {
  if (aggregateIds.length === 0) return [];
  const { rows } = await db.execute<StoredEvent>(sql`
    select id, type, version, aggregate_type as "aggregateType", aggregate_id as "aggregateId", data,
      occurred_at::text as "occurredAt"
    from outbox_events
    where aggregate_id in (select jsonb_array_elements_text(${JSON.stringify(aggregateIds)}::jsonb))
    order by occurred_at, id`);
  return rows;
}

// A type, not an interface: drizzle's execute<Row> wants an index-signature-compatible row.
export type StoredPrice = {
  id: string;
  sku: string;
  currency: string;
  amount: number;
  compareAtAmount: number | null;
  startsAt: string | null;
  endsAt: string | null;
  pimVersion: number;
};

export async function storedPrices(db: Database, skus: readonly string[]): Promise<StoredPrice[]> {
  const { rows } = await db.execute<StoredPrice>(sql`
    select p.id, v.sku, p.currency, p.amount::float8 as amount, p.compare_at_amount::float8 as "compareAtAmount",
      case when isfinite(p.starts_at) then to_char(p.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end as "startsAt",
      case when isfinite(p.ends_at) then to_char(p.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end as "endsAt",
      p.pim_version::float8 as "pimVersion"
    from prices p join variants v on v.id = p.variant_id
    where v.sku in (select jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb))
    order by v.sku, p.currency, p.starts_at`);
  return rows;
}

/** Creates a category directly, for batches that reference one. */
export async function insertCategory(db: Database, handle: string, parentPath?: string): Promise<string> {
  const id = `cat_${handle.replaceAll('-', '')}`;
  await db.execute(sql`
    insert into categories (id, handle, name, path) values (${id}, ${handle}, ${handle}, ${parentPath ? `${parentPath}/${handle}` : handle})`);
  return id;
}
