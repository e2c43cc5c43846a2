import { type SQL, sql } from 'drizzle-orm';

/** SQL expressions (columns or parameters) for the fields a product's search document indexes. */
export interface SearchDocumentSources {
  title: SQL;
  vendor: SQL;
  /** A `text[]`. */
  tags: SQL;
  description: SQL;
}

/**
 * `products.search_document` computed in SQL from expressions rather than values, so set-based
 * writes compute it per row: title weighted A, vendor B, tags C, description D, English
 * stemming. The one definition: `productSearchDocument` adapts it for values.
 */
export function searchDocumentOf(sources: SearchDocumentSources): SQL {
  return sql`setweight(to_tsvector('english', ${sources.title}), 'A')
    || setweight(to_tsvector('english', coalesce(${sources.vendor}, '')), 'B')
    || setweight(to_tsvector('english', array_to_string(${sources.tags}, ' ')), 'C')
    || setweight(to_tsvector('english', ${sources.description}), 'D')`;
}
