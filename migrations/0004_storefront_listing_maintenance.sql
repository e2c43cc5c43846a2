-- Storefront read model maintenance (issue 3). Written by hand: drizzle-kit manages neither
-- functions nor triggers. `product_listings` (0003) holds, per active product, what listing,
-- filtering and faceting read; the triggers below keep it in step with every write, whoever
-- the writer is, in the writer's own transaction.

-- The floor of the price band an amount falls in: a 1-2-5 series in minor units
-- (0-99, 100-199, 200-499, 500-999, 1000-1999, ...), the same for every currency.
CREATE FUNCTION storefront_price_band(amount bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN amount < 100 THEN 0
    ELSE (CASE WHEN amount / scale >= 5 THEN 5 WHEN amount / scale >= 2 THEN 2 ELSE 1 END) * scale END
  FROM (SELECT (10::numeric ^ (length(amount::text) - 1))::bigint AS scale) AS magnitude
$$;
--> statement-breakpoint

-- The price-dependent part of listings as of an instant: per currency, the range of the prices in
-- force (latest started window wins, as everywhere), availability, the distinct amounts and
-- their bands, and the next instant any window of the product starts or ends. Used to refresh
-- rows and, by readers, to recompute a row whose windows moved on since its refresh.
CREATE FUNCTION storefront_listing_prices_of(product_ids text[], as_of timestamptz)
RETURNS TABLE (product_id text, offers jsonb, price_band_keys text[], fresh_until timestamptz)
LANGUAGE sql STABLE AS $$
  WITH ids AS (SELECT DISTINCT id FROM unnest(product_ids) AS requested(id)),
  in_force AS (
    SELECT DISTINCT ON (pr.variant_id, pr.currency)
      v.product_id, v.available_for_sale, pr.currency::text AS currency, pr.amount, pr.compare_at_amount
    FROM ids
    JOIN variants v ON v.product_id = ids.id
    JOIN prices pr ON pr.variant_id = v.id
    WHERE pr.starts_at <= as_of AND pr.ends_at > as_of
    ORDER BY pr.variant_id, pr.currency, pr.starts_at DESC
  ),
  per_currency AS (
    SELECT f.product_id, f.currency,
      jsonb_build_object(
        'min', min(f.amount), 'max', max(f.amount),
        'compareAtMin', min(f.compare_at_amount), 'compareAtMax', max(f.compare_at_amount),
        'available', bool_or(f.available_for_sale),
        'amounts', jsonb_agg(DISTINCT f.amount)) AS offer,
      array_agg(DISTINCT f.currency || ':' || storefront_price_band(f.amount)) AS bands
    FROM in_force f GROUP BY f.product_id, f.currency
  ),
  per_product AS (
    SELECT c.product_id, jsonb_object_agg(c.currency, c.offer) AS offers
    FROM per_currency c GROUP BY c.product_id
  ),
  band_keys AS (
    SELECT c.product_id, array_agg(b ORDER BY b) AS keys
    FROM per_currency c CROSS JOIN LATERAL unnest(c.bands) AS b GROUP BY c.product_id
  ),
  next_change AS (
    SELECT v.product_id, min(boundary.instant) AS fresh_until
    FROM ids
    JOIN variants v ON v.product_id = ids.id
    JOIN prices pr ON pr.variant_id = v.id
    CROSS JOIN LATERAL (VALUES (pr.starts_at), (pr.ends_at)) AS boundary(instant)
    WHERE boundary.instant > as_of
    GROUP BY v.product_id
  )
  SELECT ids.id, coalesce(pp.offers, '{}'::jsonb), coalesce(bk.keys, '{}'::text[]),
    coalesce(nc.fresh_until, 'infinity'::timestamptz)
  FROM ids
  LEFT JOIN per_product pp ON pp.product_id = ids.id
  LEFT JOIN band_keys bk ON bk.product_id = ids.id
  LEFT JOIN next_change nc ON nc.product_id = ids.id
$$;
--> statement-breakpoint

-- Rewrites the listings of the given products from the catalog tables: active products get
-- their row, others lose it. Sorted by id, so concurrent refreshes lock rows in one order.
CREATE FUNCTION storefront_refresh_listings(product_ids text[]) RETURNS void
LANGUAGE plpgsql
-- A refresh touches a few hundred rows, but its estimates (unnest of a parameter) can cross
-- jit_above_cost, and compiling the plan then costs a second: measured 1.2 s against 70 ms.
SET jit = off
AS $$
BEGIN
  -- Joins against unnest() rather than `= ANY (array)`: a bulk refresh passes thousands of ids,
  -- and ANY over a parameter array is a linear search per row.
  DELETE FROM product_listings l
  USING unnest(product_ids) AS ids(id)
  WHERE l.product_id = ids.id
    AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = l.product_id AND p.status = 'active');

  WITH targets AS (
    SELECT p.id, p.created_at, p.search_document, p.tags
    FROM (SELECT DISTINCT id FROM unnest(product_ids) AS requested(id)) AS ids
    JOIN products p ON p.id = ids.id
    WHERE p.status = 'active'
  ),
  category_keys AS (
    -- A product in `apparel/shirts` is also in `apparel`: its key set names every ancestor,
    -- found through the materialized path (each prefix of it is an ancestor's path).
    SELECT pc.product_id, array_agg(DISTINCT 'c:' || ancestor.id) AS keys
    FROM targets t
    JOIN product_categories pc ON pc.product_id = t.id
    JOIN categories c ON c.id = pc.category_id
    CROSS JOIN LATERAL generate_series(1, cardinality(string_to_array(c.path, '/'))) AS depth(n)
    JOIN categories ancestor
      ON ancestor.path = array_to_string((string_to_array(c.path, '/'))[1:depth.n], '/')
    GROUP BY pc.product_id
  ),
  option_keys AS (
    SELECT v.product_id, array_agg(DISTINCT 'o:' || o.key || chr(31) || o.value) AS keys
    FROM targets t
    JOIN variants v ON v.product_id = t.id
    CROSS JOIN LATERAL jsonb_each_text(v.options) AS o
    GROUP BY v.product_id
  ),
  priced AS (
    SELECT * FROM storefront_listing_prices_of(array(SELECT id FROM targets), now())
  )
  INSERT INTO product_listings AS l
    (product_id, created_at, search_document, tags, facet_keys, offers, price_band_keys, fresh_until, refreshed_at)
  SELECT t.id, t.created_at, t.search_document, t.tags,
    coalesce(ck.keys, '{}'::text[]) || coalesce(ok.keys, '{}'::text[]),
    priced.offers, priced.price_band_keys, priced.fresh_until, now()
  FROM targets t
  JOIN priced ON priced.product_id = t.id
  LEFT JOIN category_keys ck ON ck.product_id = t.id
  LEFT JOIN option_keys ok ON ok.product_id = t.id
  ORDER BY t.id
  ON CONFLICT (product_id) DO UPDATE SET
    created_at = excluded.created_at,
    search_document = excluded.search_document,
    tags = excluded.tags,
    facet_keys = excluded.facet_keys,
    offers = excluded.offers,
    price_band_keys = excluded.price_band_keys,
    fresh_until = excluded.fresh_until,
    refreshed_at = excluded.refreshed_at;
END
$$;
--> statement-breakpoint

-- Brings rows whose price windows moved on up to date. Readers are right without it (they
-- recompute such rows); calling it now and then (a cron) keeps them fast.
CREATE FUNCTION storefront_refresh_stale_listings() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  stale text[];
BEGIN
  SELECT array_agg(product_id) INTO stale FROM product_listings
  WHERE fresh_until < 'infinity' AND fresh_until <= now();
  IF stale IS NULL THEN RETURN 0; END IF;
  PERFORM storefront_refresh_listings(stale);
  RETURN cardinality(stale);
END
$$;
--> statement-breakpoint

-- Typo-tolerant title matching: `<%` is word similarity above a threshold read from a setting;
-- 0.45 (pg_trgm's default is 0.6) lets "t-shrit" find "T-Shirt" and "tshirt" find "T-Shirt"
-- while "hat" still misses "cap". The SET clause scopes the threshold to this function, so the
-- GIN trigram index on products.title serves the match and no session setting is involved.
CREATE FUNCTION storefront_title_matches(query text)
RETURNS TABLE (product_id text, similarity real)
LANGUAGE sql STABLE PARALLEL SAFE
SET pg_trgm.word_similarity_threshold = 0.45
AS $$
  SELECT p.id, word_similarity(query, p.title) FROM products p
  WHERE query <% p.title AND p.status = 'active'
$$;
--> statement-breakpoint

-- One trigger function per source table, statement-level with transition tables: a bulk write
-- of a thousand rows refreshes each affected product once, in one set-based pass.
CREATE FUNCTION storefront_listings_after_products() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM storefront_refresh_listings(array(SELECT DISTINCT id FROM changed_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER storefront_listings_products_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_products();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_products_update AFTER UPDATE ON products
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_products();
--> statement-breakpoint

-- Variants and category links: the rows before (moved or deleted) and after both matter.
CREATE FUNCTION storefront_listings_after_product_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM storefront_refresh_listings(array(SELECT DISTINCT product_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM storefront_refresh_listings(array(SELECT DISTINCT product_id FROM old_rows));
  ELSE
    PERFORM storefront_refresh_listings(array(
      SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER storefront_listings_variants_insert AFTER INSERT ON variants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_variants_update AFTER UPDATE ON variants
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_variants_delete AFTER DELETE ON variants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_product_categories_insert AFTER INSERT ON product_categories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_product_categories_update AFTER UPDATE ON product_categories
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_product_categories_delete AFTER DELETE ON product_categories
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint

-- Prices name a variant, not a product. A price deleted with its variant finds no variant any
-- more; the variant's own delete trigger refreshes that product.
CREATE FUNCTION storefront_listings_after_prices() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM storefront_refresh_listings(array(
      SELECT DISTINCT v.product_id FROM variants v WHERE v.id IN (SELECT variant_id FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM storefront_refresh_listings(array(
      SELECT DISTINCT v.product_id FROM variants v WHERE v.id IN (SELECT variant_id FROM old_rows)));
  ELSE
    PERFORM storefront_refresh_listings(array(
      SELECT DISTINCT v.product_id FROM variants v
      WHERE v.id IN (SELECT variant_id FROM new_rows UNION SELECT variant_id FROM old_rows)));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER storefront_listings_prices_insert AFTER INSERT ON prices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_prices();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_prices_update AFTER UPDATE ON prices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_prices();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_prices_delete AFTER DELETE ON prices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_prices();
--> statement-breakpoint

-- A category that moves (new parent, new handle) changes the ancestors of every product in its
-- subtree; the writer updates the subtree's paths, and each updated row brings its products.
CREATE FUNCTION storefront_listings_after_categories() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM storefront_refresh_listings(array(
    SELECT DISTINCT pc.product_id FROM product_categories pc
    WHERE pc.category_id IN (SELECT id FROM new_rows UNION SELECT id FROM old_rows)));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER storefront_listings_categories_update AFTER UPDATE ON categories
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_categories();
--> statement-breakpoint

-- The storefront's reads are short OLTP queries over CTEs whose estimates can cross
-- jit_above_cost; JIT compilation then costs 100 ms to 1 s on a query that runs in 20 ms.
-- Off for this database (new sessions); PGlite has no JIT, and many hosts ship it off.
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$;
--> statement-breakpoint

-- Listings for the catalog already there.
SELECT storefront_refresh_listings(array(SELECT id FROM products WHERE status = 'active'));
