-- Facet keys join an option's name and value with U+001F ('o:' || name || chr(31) || value),
-- and the storefront splits them on it again (issue 8, item 1). The API's input boundary refuses
-- control characters (ADR 14), but rows written before it, or by SQL, could still hold U+001F
-- and so forge a facet: option "a<US>b" = "c" shows as facet a = b, which then filters nothing.
-- This migration makes the database itself refuse them, so no writer can, and mends what is
-- already there.
-- Written by hand: drizzle-kit manages neither functions nor constraints that call them.

-- Whether none of a variant's option names or values holds the facet keys' separator.
CREATE FUNCTION catalog_options_free_of_separator(options jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM jsonb_each_text(options) AS o
    WHERE strpos(o.key, chr(31)) > 0 OR strpos(o.value, chr(31)) > 0
  )
$$;
--> statement-breakpoint

-- Rows that hold it get U+FFFD (the replacement character) in its place: the text stays
-- recognisable to whoever fixes it in the PIM, and no facet can be forged from it any more.
-- Rewriting a variant queues its product's listing refresh (0008), so the listings, their facet
-- keys and counts, and the cache (0013) follow within this transaction.
UPDATE variants v SET options = (
  SELECT coalesce(jsonb_object_agg(replace(o.key, chr(31), chr(65533)), replace(o.value, chr(31), chr(65533))), '{}'::jsonb)
  FROM jsonb_each_text(v.options) AS o
)
WHERE NOT catalog_options_free_of_separator(v.options);
--> statement-breakpoint

UPDATE product_options SET
  name = replace(name, chr(31), chr(65533)),
  values = array(SELECT replace(value, chr(31), chr(65533)) FROM unnest(values) WITH ORDINALITY AS u(value, n) ORDER BY n)
WHERE strpos(name, chr(31)) > 0 OR strpos(array_to_string(values, ''), chr(31)) > 0;
--> statement-breakpoint

ALTER TABLE variants ADD CONSTRAINT variants_options_free_of_separator
  CHECK (catalog_options_free_of_separator(options));
--> statement-breakpoint

ALTER TABLE product_options ADD CONSTRAINT product_options_free_of_separator
  CHECK (strpos(name, chr(31)) = 0 AND strpos(array_to_string(values, ''), chr(31)) = 0);
