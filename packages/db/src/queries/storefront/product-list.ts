import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../client';
import type { ListingOffer } from '../../schema/product-listings';
import { listsEveryListing, maintainedKeyCounts } from './product-list-facet-counts';

/** How a product list is ordered; `collection` is a collection's merchandised order. */
export type ProductListOrder = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'collection';

/** Where the previous page ended: the sort key and the id of its last product. */
export interface PagePosition {
  /** `newest`: creation instant (ISO, microseconds); the others: an integer. */
  key: string | number;
  id: string;
}

export interface OptionFilter {
  name: string;
  /** Any of these values (OR); several option filters must all hold (AND) on one variant. */
  values: readonly string[];
}

export interface ProductListRequest {
  /** ISO 4217 code, already checked against the markets. */
  currency: string;
  /** Normalized search text; relevance ranks full-text matches, titles within typo distance follow. */
  search?: string | undefined;
  categoryHandle?: string | undefined;
  collectionHandle?: string | undefined;
  tags: readonly string[];
  options: readonly OptionFilter[];
  /** Inclusive bounds in minor units: some variant's price in force lies within them. */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  availableOnly: boolean;
  order: ProductListOrder;
  after?: PagePosition | undefined;
  /** Rows wanted; one more is read to tell whether a next page exists. */
  limit: number;
  /** Facet counts and the total of the whole result (first pages only). */
  withSummary: boolean;
}

export interface ListedProduct {
  id: string;
  handle: string;
  title: string;
  vendor: string | null;
  tags: string[];
  createdAt: string;
  offer: ListingOffer;
  image: { url: string; alt: string } | null;
  sortKey: string | number;
}

export interface CategoryCount {
  handle: string;
  name: string;
  path: string;
  count: number;
}

export interface ProductListSummary {
  total: number;
  categories: CategoryCount[];
  /** `[option name, value, count]`. */
  options: [string, string, number][];
  /** `[band floor in minor units, count]`, for the request's currency. */
  priceBands: [number, number][];
}

export interface CollectionHeader {
  id: string;
  handle: string;
  title: string;
  description: string;
}

export interface ProductListPage {
  /** Up to `limit + 1` products: the extra one only says that another page follows. */
  items: ListedProduct[];
  summary: ProductListSummary | null;
  /** With order `collection`: the collection, or null when no collection has the handle. */
  collection: CollectionHeader | null;
}

// Results with fewer full-text matches than this are widened with typo-tolerant title matches:
// a misspelling ("hoodei") finds nothing or next to nothing in the full-text index.
const FUZZY_BELOW = 20;

/**
 * One page of the storefront's product list, its facets and total, in ONE statement: the CTEs
 * select from `product_listings` (one narrow row per active product), filter, rank and page,
 * and the final SELECT renders the page as JSON. Only active products priced in the currency
 * appear.
 */
export async function loadProductListPage(
  db: Database,
  request: ProductListRequest,
): Promise<ProductListPage> {
  const result = await db.execute<{ page: ProductListPage }>(productListSql(request));
  const row = result.rows[0];
  if (!row) throw new Error('the product list query returned no row');
  return row.page;
}

export interface ProductListSqlOptions {
  /**
   * Count the facets and total over the result even when the request filters nothing, rather
   * than read the maintained counts: what tests compare the maintained counts with.
   */
  recountFacets?: boolean;
}

/** The statement of `loadProductListPage`, exported for EXPLAIN in tooling. */
export function productListSql(request: ProductListRequest, options: ProductListSqlOptions = {}): SQL {
  const { currency } = request;
  const search = request.search;
  const ranked = request.order === 'relevance' && search !== undefined;
  // Unfiltered, the result is every listing in the currency: its facets and total are kept
  // counted (ADR 12), and counting 47,000 listings per first page is what they save.
  const maintainedFacets = request.withSummary && !options.recountFacets && listsEveryListing(request);
  const keys =
    request.withSummary && !maintainedFacets ? sql`l.facet_keys || o.price_band_keys` : sql`null::text[]`;

  // Prices have validity windows: a row whose windows moved on since its refresh is
  // recomputed here (rare, and the cron's `storefront_refresh_stale_listing_batch()` keeps it so).
  const offers = sql`cross join lateral (select
      case when l.fresh_until > now() then l.offers
        else (select live.offers from storefront_listing_prices_of(array[l.product_id], now()) live) end as offers,
      case when l.fresh_until > now() then l.price_band_keys
        else (select live.price_band_keys from storefront_listing_prices_of(array[l.product_id], now()) live) end
        as price_band_keys,
      case when l.fresh_until > now() then l.variants
        else (select live.variants from storefront_listing_prices_of(array[l.product_id], now()) live) end
        as variants) o`;
  const where = sql.join([...listingConditions(request), ...offerConditions(request)], sql` and `);
  const sortValue = sortValueOf(request);

  const matches = search
    ? sql`search as materialized (select websearch_to_tsquery('english', ${search}) as query),
      text_matches as materialized (
        select l.product_id, ((1 + ts_rank(l.search_document, s.query)) * 1000000)::bigint as score,
          ${sortValue(sql`((1 + ts_rank(l.search_document, s.query)) * 1000000)::bigint`)} as sort_value,
          ${keys} as keys
        from search s join product_listings l on l.search_document @@ s.query
        ${offers}
        where ${where}
      ),
      fuzzy_matches as (
        select l.product_id, (t.similarity * 1000000)::bigint as score,
          ${sortValue(sql`(t.similarity * 1000000)::bigint`)} as sort_value,
          ${keys} as keys
        from storefront_title_matches(${search}) t
        join product_listings l on l.product_id = t.product_id
        ${offers}
        where (select count(*) from text_matches) < ${FUZZY_BELOW}
          and not exists (select 1 from text_matches m where m.product_id = l.product_id)
          and ${where}
      ),
      results as (select * from text_matches union all select * from fuzzy_matches)`
    : request.order === 'collection'
      ? sql`results as (
        select cp.product_id, 0::bigint as score, cp.position as sort_value, ${keys} as keys
        from collection_products cp
        join product_listings l on l.product_id = cp.product_id
        ${offers}
        where cp.collection_id = (select id from collections where handle = ${request.collectionHandle ?? ''})
          and ${where}
      )`
      : sql`results as (
        select l.product_id, 0::bigint as score, ${sortValue(sql`0::bigint`)} as sort_value, ${keys} as keys
        from product_listings l
        ${offers}
        where ${where}
      )`;

  const page = sql`page as (
    select r.product_id, r.sort_value from results r
    where ${afterCondition(request, ranked)}
    order by ${pageOrder(request.order, ranked, 'r')}
    limit ${request.limit + 1}
  )`;

  const total = maintainedFacets
    ? sql`coalesce((select k.count from key_counts k where k.key = ''), 0)`
    : sql`(select count(*) from results)`;
  const summary = request.withSummary
    ? sql`(select json_build_object(
        'total', ${total},
        'categories', coalesce((select json_agg(json_build_object(
            'handle', c.handle, 'name', c.name, 'path', c.path, 'count', k.count) order by c.path)
          from key_counts k join categories c on k.key = 'c:' || c.id), '[]'::json),
        'options', coalesce((select json_agg(json_build_array(
            split_part(substr(k.key, 3), chr(31), 1), split_part(k.key, chr(31), 2), k.count)
            order by k.key)
          from key_counts k where k.key like 'o:%'), '[]'::json),
        'priceBands', coalesce((select json_agg(json_build_array(
            substr(k.key, 5)::bigint, k.count) order by substr(k.key, 5)::bigint)
          from key_counts k where k.key like ${`${currency}:%`}), '[]'::json)))`
    : sql`null::json`;

  const collectionHeader =
    request.order === 'collection'
      ? sql`(select json_build_object('id', id, 'handle', handle, 'title', title, 'description', description)
          from collections where handle = ${request.collectionHandle ?? ''})`
      : sql`null::json`;

  // Without the summary, or with maintained counts, `results` has one reader and Postgres
  // inlines it, so a page of the newest products is an index scan that stops after `limit + 1`
  // rows.
  const keyCounts = !request.withSummary
    ? sql``
    : maintainedFacets
      ? sql`, ${maintainedKeyCounts(currency)}`
      : sql`, key_counts as (
        select key, count(*)::int as count from (select unnest(r.keys) as key from results r) k group by key
      )`;

  return sql`with ${matches},
    ${page}${keyCounts}
    select json_build_object(
      'items', coalesce((
        select json_agg(json_build_object(
          'id', p.id, 'handle', p.handle, 'title', p.title, 'vendor', p.vendor, 'tags', p.tags,
          'createdAt', to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'offer', o.offers -> ${currency},
          'image', (select json_build_object('url', m.url, 'alt', m.alt) from media m
            where m.product_id = p.id order by m.position, m.id limit 1),
          'sortKey', ${sortKeyJson(request.order)}) order by ${pageOrder(request.order, ranked, 'pg')})
        from page pg
        join products p on p.id = pg.product_id
        join product_listings l on l.product_id = pg.product_id
        ${offers}), '[]'::json),
      'summary', ${summary},
      'collection', ${collectionHeader}) as page`;
}

// Conditions on the listing row itself: these use the GIN indexes (tags, facet keys).
function listingConditions(request: ProductListRequest): SQL[] {
  const conditions: SQL[] = [sql`true`];
  if (request.categoryHandle !== undefined) {
    // An unknown handle gives `array[null]`, which contains nothing: an empty result.
    conditions.push(
      sql`l.facet_keys @> array[(select 'c:' || c.id from categories c where c.handle = ${request.categoryHandle})]`,
    );
  }
  if (request.collectionHandle !== undefined && request.order !== 'collection') {
    conditions.push(sql`l.product_id in (
      select cp.product_id from collection_products cp join collections col on col.id = cp.collection_id
      where col.handle = ${request.collectionHandle})`);
  }
  if (request.tags.length > 0) conditions.push(sql`l.tags @> ${textArray(request.tags)}`);
  for (const option of request.options) {
    const optionKeys = option.values.map((value) => `o:${option.name}\u001f${value}`);
    conditions.push(sql`l.facet_keys && ${textArray(optionKeys)}`);
  }
  return conditions;
}

// Conditions on the offer in the request's currency, and the exact per-variant check.
function offerConditions(request: ProductListRequest): SQL[] {
  const { currency } = request;
  // `-> c is not null` rather than `? c`: the planner estimates `?` to hold for 0.1% of rows and
  // then scans and sorts everything instead of walking an index for the first page.
  const conditions: SQL[] = [sql`(o.offers -> ${currency}) is not null`];
  if (request.availableOnly) conditions.push(sql`(o.offers -> ${currency} ->> 'available')::boolean`);
  const hasPriceRange = request.minPrice !== undefined || request.maxPrice !== undefined;
  if (hasPriceRange) {
    conditions.push(sql`exists (select 1 from jsonb_array_elements(o.offers -> ${currency} -> 'amounts') a
      where ${priceWithin(sql`a::bigint`, request)})`);
  }
  // Each condition above holds for SOME variant; "M in Blue, in stock, under 50" must hold for
  // ONE variant. With two or more variant conditions, check them together on the variants the
  // listing row carries (only for rows that passed the cheap, indexed checks above).
  const variantConditionKinds =
    request.options.length + (hasPriceRange ? 1 : 0) + (request.availableOnly ? 1 : 0);
  if (variantConditionKinds >= 2) {
    const { path, variables } = oneVariantPath(request, hasPriceRange);
    conditions.push(
      sql`jsonb_path_exists(o.variants, ${path}::jsonpath, ${JSON.stringify(variables)}::jsonb)`,
    );
  }
  return conditions;
}

/**
 * A SQL/JSON path matching a listing variant that meets every variant condition at once. Values
 * travel as path variables; option names and the currency are keys in the path, written as
 * JSON string literals (JSON.stringify's escapes are valid jsonpath), so no input can change the
 * path's structure. Evaluated in C, it costs a third less than unnesting the variants per row.
 */
function oneVariantPath(
  request: ProductListRequest,
  hasPriceRange: boolean,
): { path: string; variables: Record<string, string | number> } {
  const variables: Record<string, string | number> = {};
  const price = `@.p.${JSON.stringify(request.currency)}`;
  const conditions = [`exists(${price})`];
  for (const [index, option] of request.options.entries()) {
    const key = `@.o.${JSON.stringify(option.name)}`;
    const alternatives = option.values.map((value, valueIndex) => {
      variables[`o${index}_${valueIndex}`] = value;
      return `${key} == $o${index}_${valueIndex}`;
    });
    conditions.push(`(${alternatives.join(' || ')})`);
  }
  if (request.availableOnly) conditions.push('@.a == true');
  if (hasPriceRange && request.minPrice !== undefined) {
    variables.minPrice = request.minPrice;
    conditions.push(`${price} >= $minPrice`);
  }
  if (hasPriceRange && request.maxPrice !== undefined) {
    variables.maxPrice = request.maxPrice;
    conditions.push(`${price} <= $maxPrice`);
  }
  return { path: `$[*] ? (${conditions.join(' && ')})`, variables };
}

function priceWithin(amount: SQL, request: ProductListRequest): SQL {
  const bounds: SQL[] = [sql`true`];
  if (request.minPrice !== undefined) bounds.push(sql`${amount} >= ${request.minPrice}`);
  if (request.maxPrice !== undefined) bounds.push(sql`${amount} <= ${request.maxPrice}`);
  return sql.join(bounds, sql` and `);
}

// The value a result is sorted by, given the row's relevance score expression.
function sortValueOf(request: ProductListRequest): (score: SQL) => SQL {
  switch (request.order) {
    case 'newest':
      return () => sql`l.created_at`;
    case 'price_asc':
    case 'price_desc':
      return () => sql`(o.offers -> ${request.currency} ->> 'min')::bigint`;
    default:
      return (score) => score;
  }
}

// The ORDER BY of the page (over `results r`) and of the rendered items (over `page pg`): both
// break ties on the product id, so equal sort keys never repeat or skip rows across pages.
function pageOrder(order: ProductListOrder, ranked: boolean, alias: 'r' | 'pg'): SQL {
  // `desc nulls last`: the keys are never null, but only this spelling matches the indexes
  // (drizzle writes `.desc()` as DESC NULLS LAST), and a mismatch sorts instead of walking one.
  const descending = sql`desc nulls last`;
  const [byKey, byId] =
    order === 'newest' || order === 'price_desc'
      ? [descending, descending]
      : order === 'relevance' && ranked
        ? [descending, sql`asc`]
        : [sql`asc`, sql`asc`];
  const table = sql.raw(alias);
  return sql`${table}.sort_value ${byKey}, ${table}.product_id ${byId}`;
}

function afterCondition(request: ProductListRequest, ranked: boolean): SQL {
  const after = request.after;
  if (!after) return sql`true`;
  const key =
    request.order === 'newest' ? sql`${String(after.key)}::timestamptz` : sql`${Number(after.key)}::bigint`;
  switch (request.order) {
    case 'newest':
    case 'price_desc':
      return sql`(r.sort_value, r.product_id) < (${key}, ${after.id})`;
    case 'relevance':
      return ranked
        ? sql`(r.sort_value < ${key} or (r.sort_value = ${key} and r.product_id > ${after.id}))`
        : sql`(r.sort_value, r.product_id) > (${key}, ${after.id})`;
    default:
      return sql`(r.sort_value, r.product_id) > (${key}, ${after.id})`;
  }
}

// The page's sort key as the cursor will carry it: instants with microseconds (a JS Date would
// round them away and repeat or skip rows), integers as JSON numbers.
function sortKeyJson(order: ProductListOrder): SQL {
  return order === 'newest'
    ? sql`to_char(pg.sort_value at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql`pg.sort_value`;
}

/** A text[] parameter as an ARRAY constructor of bound values (drizzle expands JS arrays to lists). */
export function textArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::text[]`;
  return sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;
}
