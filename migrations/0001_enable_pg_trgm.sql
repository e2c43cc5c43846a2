-- Trigram similarity for typo-tolerant product search (catalog). Written by hand: drizzle-kit
-- does not manage extensions. PGlite loads the extension in packages/devstack.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
