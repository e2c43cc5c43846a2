-- Listings hold each variant (options, for sale, prices in force), so that a request naming
-- several variant conditions ("size M, navy, for sale") is checked on the listing row instead of
-- joining variants and prices per candidate: measured 160 ms of a 205 ms filtered page on 50,000
-- products. Written by hand, like 0004: the price function changes its result, so it is
-- dropped and created again, and the refresh writes the new column.
DROP FUNCTION storefront_listing_prices_of(text[], timestamptz);
--> statement-breakpoint

CREATE FUNCTION storefront_listing_prices_of(product_ids text[], as_of timestamptz)
RETURNS TABLE (
  product_id text, offers jsonb, price_band_keys text[], fresh_until timestamptz, variants jsonb)
LANGUAGE sql STABLE
-- The SET clause also keeps Postgres from inlining this body into the storefront's reads, which
-- call it (for rows whose price windows moved on) from three CASE branches: inlined, planning
-- those reads took 7-10 ms of a 25 ms search.
SET jit = off
AS $$
  WITH ids AS (SELECT DISTINCT id FROM unnest(product_ids) AS requested(id)),
  in_force AS (
    SELECT DISTINCT ON (pr.variant_id, pr.currency)
      v.product_id, pr.variant_id, v.available_for_sale, pr.currency::text AS currency, pr.amount, pr.compare_at_amount
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
  variant_prices AS (
    SELECT f.variant_id, jsonb_object_agg(f.currency, f.amount) AS prices
    FROM in_force f GROUP BY f.variant_id
  ),
  per_variant AS (
    SELECT v.product_id,
      jsonb_agg(jsonb_build_object('o', v.options, 'a', v.available_for_sale, 'p', coalesce(vp.prices, '{}'::jsonb))
        ORDER BY v.position, v.id) AS variants
    FROM ids
    JOIN variants v ON v.product_id = ids.id
    LEFT JOIN variant_prices vp ON vp.variant_id = v.id
    GROUP BY v.product_id
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
    coalesce(nc.fresh_until, 'infinity'::timestamptz), coalesce(pv.variants, '[]'::jsonb)
  FROM ids
  LEFT JOIN per_product pp ON pp.product_id = ids.id
  LEFT JOIN band_keys bk ON bk.product_id = ids.id
  LEFT JOIN next_change nc ON nc.product_id = ids.id
  LEFT JOIN per_variant pv ON pv.product_id = ids.id
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION storefront_refresh_listings(product_ids text[]) RETURNS void
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
    (product_id, created_at, search_document, tags, facet_keys, offers, price_band_keys, fresh_until, variants,
     refreshed_at)
  SELECT t.id, t.created_at, t.search_document, t.tags,
    coalesce(ck.keys, '{}'::text[]) || coalesce(ok.keys, '{}'::text[]),
    priced.offers, priced.price_band_keys, priced.fresh_until, priced.variants, now()
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
    variants = excluded.variants,
    refreshed_at = excluded.refreshed_at;
END
$$;
--> statement-breakpoint

-- Listings already there get their variants.
SELECT storefront_refresh_listings(array(SELECT product_id FROM product_listings));
