-- Listings are refreshed once per transaction, at its commit, instead of once per statement
-- (ADR 9). A PIM batch or a seed round writes products, then variants, then prices, then
-- category links: with statement triggers refreshing on the spot, each listing was rebuilt
-- four to eight times per transaction. Now the statement triggers only note the affected
-- product ids, and a deferred constraint trigger rebuilds them once, still inside the writer's
-- transaction, so no reader ever sees a listing older than the last committed write.
-- Written by hand like 0004 and 0007: drizzle-kit manages neither functions nor triggers, nor
-- unlogged tables.

-- The products a transaction changed, until its commit. Keyed by the writer's transaction id,
-- so concurrent writers never see or touch each other's rows; every row is deleted by the
-- transaction that inserted it. Unlogged: nothing here outlives a transaction, so there is
-- nothing to recover after a crash and no reason to pay for WAL.
CREATE UNLOGGED TABLE storefront_listing_refresh_queue (
  xact xid8 NOT NULL,
  product_id text NOT NULL,
  PRIMARY KEY (xact, product_id)
);
--> statement-breakpoint

-- One row per transaction with queued products: its insert is what schedules the refresh at
-- commit. Constraint triggers exist only per row, so a separate one-row-per-transaction table
-- makes the deferred trigger fire once per transaction rather than once per queued product.
CREATE UNLOGGED TABLE storefront_listing_refresh_pending (
  xact xid8 PRIMARY KEY
);
--> statement-breakpoint

-- One row per product ever refreshed, only ever locked: refreshes of the same product take
-- turns on it until their commit. Without it two writers committing at once (a price batch and
-- a product batch for the same product, which lock different rows while they write) could each
-- compute the listing before the other committed, and the later commit would keep a listing
-- missing the earlier one's change. A listing row cannot serve: it does not exist yet when a
-- product is first listed. No foreign key: its check would lock the product row at commit.
CREATE UNLOGGED TABLE storefront_listing_refresh_locks (
  product_id text PRIMARY KEY
);
--> statement-breakpoint

-- Notes products whose listings this transaction must refresh before it commits.
CREATE FUNCTION storefront_queue_listing_refresh(product_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(product_ids), 0) = 0 THEN RETURN; END IF;
  INSERT INTO storefront_listing_refresh_queue (xact, product_id)
  SELECT pg_current_xact_id(), id FROM unnest(product_ids) AS ids(id) WHERE id IS NOT NULL
  ON CONFLICT DO NOTHING;
  INSERT INTO storefront_listing_refresh_pending (xact) VALUES (pg_current_xact_id())
  ON CONFLICT DO NOTHING;
END
$$;
--> statement-breakpoint

-- Refreshes what this transaction queued so far and returns how many listings that was. Runs
-- at commit by itself; a write path that reads listings after writing, in the same
-- transaction, calls it first (`SELECT storefront_flush_listing_refreshes()`).
CREATE FUNCTION storefront_flush_listing_refreshes() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  queued text[];
BEGIN
  -- `_if_assigned`: a transaction that wrote nothing has no id and queued nothing, and must
  -- not be given an id just to find that out.
  WITH drained AS (
    DELETE FROM storefront_listing_refresh_queue WHERE xact = pg_current_xact_id_if_assigned()
    RETURNING product_id
  )
  SELECT array_agg(product_id) INTO queued FROM drained;
  IF queued IS NULL THEN RETURN 0; END IF;
  PERFORM storefront_refresh_listings(queued);
  RETURN cardinality(queued);
END
$$;
--> statement-breakpoint

CREATE FUNCTION storefront_listings_refresh_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM storefront_listing_refresh_pending WHERE xact = NEW.xact;
  PERFORM storefront_flush_listing_refreshes();
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE CONSTRAINT TRIGGER storefront_listings_refresh_at_commit
  AFTER INSERT ON storefront_listing_refresh_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION storefront_listings_refresh_at_commit();
--> statement-breakpoint

-- The refresh of 0007, which now first takes the products' refresh locks (in id order, one
-- statement) and only then reads the catalog: every statement of this READ COMMITTED function
-- takes a new snapshot, so once the locks are ours, the rows it reads include every other
-- refresher's committed writes.
CREATE OR REPLACE FUNCTION storefront_refresh_listings(product_ids text[]) RETURNS void
LANGUAGE plpgsql
-- A refresh touches a few hundred rows, but its estimates (unnest of a parameter) can cross
-- jit_above_cost, and compiling the plan then costs a second: measured 1.2 s against 70 ms.
SET jit = off
AS $$
BEGIN
  -- ON CONFLICT DO UPDATE locks the existing row even though its WHERE never holds, and waits
  -- for a concurrent insert of the same id to commit: a lock for ids seen for the first time.
  INSERT INTO storefront_listing_refresh_locks AS held (product_id)
  SELECT DISTINCT id FROM unnest(product_ids) AS requested(id) WHERE id IS NOT NULL ORDER BY id
  ON CONFLICT (product_id) DO UPDATE SET product_id = excluded.product_id WHERE false;

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

-- The statement triggers of 0004 keep their names, tables and transition tables; their
-- functions now queue the products instead of refreshing them on the spot.
CREATE OR REPLACE FUNCTION storefront_listings_after_products() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM storefront_queue_listing_refresh(array(SELECT DISTINCT id FROM changed_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION storefront_listings_after_product_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM storefront_queue_listing_refresh(array(SELECT DISTINCT product_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM storefront_queue_listing_refresh(array(SELECT DISTINCT product_id FROM old_rows));
  ELSE
    PERFORM storefront_queue_listing_refresh(array(
      SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- Prices name a variant, not a product. A price deleted with its variant finds no variant any
-- more; the variant's own delete trigger queues that product.
CREATE OR REPLACE FUNCTION storefront_listings_after_prices() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM storefront_queue_listing_refresh(array(
      SELECT DISTINCT v.product_id FROM variants v WHERE v.id IN (SELECT variant_id FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM storefront_queue_listing_refresh(array(
      SELECT DISTINCT v.product_id FROM variants v WHERE v.id IN (SELECT variant_id FROM old_rows)));
  ELSE
    PERFORM storefront_queue_listing_refresh(array(
      SELECT DISTINCT v.product_id FROM variants v
      WHERE v.id IN (SELECT variant_id FROM new_rows UNION SELECT variant_id FROM old_rows)));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION storefront_listings_after_categories() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM storefront_queue_listing_refresh(array(
    SELECT DISTINCT pc.product_id FROM product_categories pc
    WHERE pc.category_id IN (SELECT id FROM new_rows UNION SELECT id FROM old_rows)));
  RETURN NULL;
END
$$;
