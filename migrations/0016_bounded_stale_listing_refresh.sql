CREATE TABLE "scheduled_job_leases" (
	"job" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"held_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint

-- The stale-listing refresh of 0004 refreshed every listing whose price window had passed in one
-- statement: when a sale on every product ended at once, one cron run held every product's
-- refresh lock (0008) until it committed, and PIM and admin commits for those products waited
-- that long. This refreshes one batch instead, in the caller's (autocommitted) statement, and
-- the cron calls it batch after batch (ADR 16). Written by hand like 0008: drizzle-kit manages
-- no functions.
DROP FUNCTION storefront_refresh_stale_listings();
--> statement-breakpoint

-- Refreshes up to `batch_size` stale listings, the longest stale first, and returns how many.
-- It takes their refresh locks with SKIP LOCKED, so it never waits on a writer committing one of
-- them (that writer's own refresh makes the listing fresh anyway), and concurrent callers never
-- pick the same listings.
CREATE FUNCTION storefront_refresh_stale_listing_batch(batch_size integer) RETURNS integer
LANGUAGE plpgsql
-- As for storefront_refresh_listings (0008): a compiled plan costs more than the batch.
SET jit = off
AS $$
DECLARE
  claimed text[];
BEGIN
  -- Lock rows are unlogged (0008) and gone after a server restart (a Neon compute suspends
  -- often): the join below can only lock rows that exist. DO NOTHING neither locks nor waits
  -- for an existing row, so a writer holding one does not hold this up.
  INSERT INTO storefront_listing_refresh_locks (product_id)
  SELECT product_id FROM product_listings
  WHERE fresh_until < 'infinity' AND fresh_until <= now()
  ORDER BY fresh_until
  LIMIT batch_size
  ON CONFLICT (product_id) DO NOTHING;

  -- Walks the stale listings in fresh_until order (the partial index of 0003) and locks the
  -- first `batch_size` refresh locks nobody holds. A listing refreshed by someone else after
  -- this statement's snapshot may be picked and refreshed once more: harmless.
  SELECT array_agg(product_id) INTO claimed FROM (
    SELECT held.product_id
    FROM product_listings l
    JOIN storefront_listing_refresh_locks held ON held.product_id = l.product_id
    WHERE l.fresh_until < 'infinity' AND l.fresh_until <= now()
    ORDER BY l.fresh_until
    LIMIT batch_size
    FOR UPDATE OF held SKIP LOCKED
  ) AS batch;
  IF claimed IS NULL THEN RETURN 0; END IF;

  -- Takes the same locks again (already ours: no wait) and rewrites the listings.
  PERFORM storefront_refresh_listings(claimed);
  RETURN cardinality(claimed);
END
$$;
