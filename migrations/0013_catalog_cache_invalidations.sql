-- Catalog cache invalidations are recorded in the transaction of the write that needs them
-- (ADR 18). The bump of the cache version in Redis happens after COMMIT, so a Worker that dies
-- in between, loses its waitUntil, or cannot reach Redis used to leave every cached page stale
-- until its TTL. Now the obligation to bump commits with the write: whoever publishes
-- invalidations next (the writer right after its commit, a redelivery's replay, the
-- every-minute cron) sees the row, bumps, and only then deletes it.
--
-- Only writes shoppers can see leave a row: the triggers sit on what the storefront reads
-- (listings, categories, collections, markets), not on the sources of the listings, so an edit
-- of a draft product, whose listing refresh writes nothing, invalidates nothing.
-- Written by hand like 0008 and 0011: drizzle-kit manages neither functions nor triggers.

-- One row per writing transaction that changed something the storefront shows, until it is
-- published. Logged: unlike the refresh queue of 0008, it must survive a crash, since the
-- write it stands for does.
CREATE TABLE catalog_cache_invalidations (
  xact xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint

CREATE FUNCTION catalog_cache_record_invalidation() RETURNS void
LANGUAGE sql AS $$
  INSERT INTO catalog_cache_invalidations DEFAULT VALUES ON CONFLICT (xact) DO NOTHING;
$$;
--> statement-breakpoint

-- Statement triggers with transition tables fire once per statement even when it touched no
-- row (a refresh of a draft product deletes and inserts nothing): only rows count.
CREATE FUNCTION catalog_cache_after_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM old_rows) THEN PERFORM catalog_cache_record_invalidation(); END IF;
  ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
    PERFORM catalog_cache_record_invalidation();
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER catalog_cache_product_listings_insert AFTER INSERT ON product_listings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_product_listings_update AFTER UPDATE ON product_listings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_product_listings_delete AFTER DELETE ON product_listings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_categories_insert AFTER INSERT ON categories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_categories_update AFTER UPDATE ON categories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_categories_delete AFTER DELETE ON categories
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_collections_insert AFTER INSERT ON collections
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_collections_update AFTER UPDATE ON collections
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_collections_delete AFTER DELETE ON collections
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_collection_products_insert AFTER INSERT ON collection_products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_collection_products_update AFTER UPDATE ON collection_products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_collection_products_delete AFTER DELETE ON collection_products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_markets_insert AFTER INSERT ON markets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_markets_update AFTER UPDATE ON markets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint
CREATE TRIGGER catalog_cache_markets_delete AFTER DELETE ON markets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cache_after_rows();
--> statement-breakpoint

-- A product page shows its media and options, which no trigger watched: every write path
-- happened to touch the product row too. They now queue their product's listing refresh like
-- variants do (0008), so a change to them reaches the listing, and through it the cache, by
-- itself; for a draft product that refresh writes nothing.
CREATE TRIGGER storefront_listings_media_insert AFTER INSERT ON media
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_media_update AFTER UPDATE ON media
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_media_delete AFTER DELETE ON media
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_product_options_insert AFTER INSERT ON product_options
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_product_options_update AFTER UPDATE ON product_options
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
--> statement-breakpoint
CREATE TRIGGER storefront_listings_product_options_delete AFTER DELETE ON product_options
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION storefront_listings_after_product_rows();
