-- Facet counts of the unfiltered product list, maintained instead of counted on every read
-- (docs/adr, "maintained facet counts"). `storefront_facet_counts` (0010) holds, per currency
-- and key, how many listings carry it. Written by hand like 0004 and 0008: drizzle-kit manages
-- neither functions, triggers nor unlogged tables.

-- What one listing adds to the counts: for each currency it has an offer in, the empty key (the
-- listing itself), each facet key, and each price-band key of that currency. Exactly what the
-- list query counts for a listing in its result (facet keys and price-band keys unnested, the
-- bands of other currencies left out), so both add up to the same numbers.
CREATE FUNCTION storefront_facet_contributions(offers jsonb, facet_keys text[], price_band_keys text[])
RETURNS TABLE (currency text, key text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT offered.currency, counted.key
  FROM jsonb_object_keys(offers) AS offered(currency)
  CROSS JOIN LATERAL (
    SELECT ''
    UNION ALL SELECT unnest(facet_keys)
    UNION ALL SELECT band FROM unnest(price_band_keys) AS band WHERE starts_with(band, offered.currency || ':')
  ) AS counted(key)
$$;
--> statement-breakpoint

-- A transaction's net change to the counts until its commit, keyed by its id like the refresh
-- queue (0008): writers never touch each other's rows, and nothing outlives the transaction.
CREATE UNLOGGED TABLE storefront_facet_count_deltas (
  xact xid8 NOT NULL,
  currency text NOT NULL,
  key text NOT NULL,
  delta bigint NOT NULL,
  PRIMARY KEY (xact, currency, key)
);
--> statement-breakpoint

-- Every write to product_listings notes what it changed: the refresh, and also any other writer
-- (a cascade from products, a repair by hand). The shared counts are not touched here: a
-- transaction changes them once, at commit, in key order (below).
CREATE FUNCTION storefront_facet_counts_after_listings() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO storefront_facet_count_deltas AS noted (xact, currency, key, delta)
    SELECT pg_current_xact_id(), c.currency, c.key, count(*)
    FROM new_rows n CROSS JOIN LATERAL storefront_facet_contributions(n.offers, n.facet_keys, n.price_band_keys) c
    GROUP BY c.currency, c.key
    ON CONFLICT (xact, currency, key) DO UPDATE SET delta = noted.delta + excluded.delta;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO storefront_facet_count_deltas AS noted (xact, currency, key, delta)
    SELECT pg_current_xact_id(), c.currency, c.key, -count(*)
    FROM old_rows o CROSS JOIN LATERAL storefront_facet_contributions(o.offers, o.facet_keys, o.price_band_keys) c
    GROUP BY c.currency, c.key
    ON CONFLICT (xact, currency, key) DO UPDATE SET delta = noted.delta + excluded.delta;
  ELSE
    -- Most refreshes change nothing counted (a title, a variant's price within its band): their
    -- additions and removals cancel out and nothing is noted.
    INSERT INTO storefront_facet_count_deltas AS noted (xact, currency, key, delta)
    SELECT pg_current_xact_id(), changed.currency, changed.key, sum(changed.delta)
    FROM (
      SELECT c.currency, c.key, 1 AS delta
      FROM new_rows n CROSS JOIN LATERAL storefront_facet_contributions(n.offers, n.facet_keys, n.price_band_keys) c
      UNION ALL
      SELECT c.currency, c.key, -1
      FROM old_rows o CROSS JOIN LATERAL storefront_facet_contributions(o.offers, o.facet_keys, o.price_band_keys) c
    ) AS changed
    GROUP BY changed.currency, changed.key
    HAVING sum(changed.delta) <> 0
    ON CONFLICT (xact, currency, key) DO UPDATE SET delta = noted.delta + excluded.delta;
  END IF;
  -- Schedules the commit-time work (0008) for writers that did not queue a refresh.
  INSERT INTO storefront_listing_refresh_pending (xact) VALUES (pg_current_xact_id())
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER storefront_facet_counts_listings_insert AFTER INSERT ON product_listings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_facet_counts_after_listings();
--> statement-breakpoint
CREATE TRIGGER storefront_facet_counts_listings_update AFTER UPDATE ON product_listings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_facet_counts_after_listings();
--> statement-breakpoint
CREATE TRIGGER storefront_facet_counts_listings_delete AFTER DELETE ON product_listings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_facet_counts_after_listings();
--> statement-breakpoint

-- Adds the transaction's noted changes to the shared counts: one statement, rows in key order,
-- so two committing writers wait for each other at most and never deadlock. All of them go to
-- one of eight stripes picked by the transaction id: two concurrent commits share rows (the
-- totals above all) only one time in eight.
CREATE FUNCTION storefront_apply_facet_count_deltas() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH drained AS (
    DELETE FROM storefront_facet_count_deltas WHERE xact = pg_current_xact_id_if_assigned()
    RETURNING currency, key, delta
  )
  INSERT INTO storefront_facet_counts AS counted (currency, key, stripe, listings)
  SELECT currency, key, (pg_current_xact_id()::text::bigint % 8)::smallint, delta
  FROM drained WHERE delta <> 0
  ORDER BY currency, key
  ON CONFLICT (currency, key, stripe) DO UPDATE SET listings = counted.listings + excluded.listings;
END
$$;
--> statement-breakpoint

-- The commit-time trigger of 0008, now also applying the count changes, after the refresh
-- wrote the listings they come from. The pending row goes last: while it exists, the listing
-- writes of the refresh find it and schedule nothing more.
CREATE OR REPLACE FUNCTION storefront_listings_refresh_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM storefront_flush_listing_refreshes();
  PERFORM storefront_apply_facet_count_deltas();
  DELETE FROM storefront_listing_refresh_pending WHERE xact = NEW.xact;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- Counts for the listings already there. The triggers above exist from here on, and creating
-- them locked out every other writer of product_listings until this migration commits.
INSERT INTO storefront_facet_counts (currency, key, stripe, listings)
SELECT c.currency, c.key, 0, count(*)
FROM product_listings l
CROSS JOIN LATERAL storefront_facet_contributions(l.offers, l.facet_keys, l.price_band_keys) c
GROUP BY c.currency, c.key;
