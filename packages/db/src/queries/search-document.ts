import { type SQL, sql } from 'drizzle-orm';

export interface SearchableProduct {
  title: string;
  vendor: string | null;
  tags: readonly string[];
  description: string;
}

/**
 * The value of `products.search_document`: title weighted A, vendor B, tags C, description D,
 * with English stemming ("shirts" finds "shirt"). Every writer of products uses this one
 * expression, so the search index means the same thing whoever wrote the row.
 */
export function productSearchDocument(product: SearchableProduct): SQL {
  return sql`setweight(to_tsvector('english', ${product.title}), 'A')
    || setweight(to_tsvector('english', ${product.vendor ?? ''}), 'B')
    || setweight(to_tsvector('english', ${product.tags.join(' ')}), 'C')
    || setweight(to_tsvector('english', ${product.description}), 'D')`;
}
