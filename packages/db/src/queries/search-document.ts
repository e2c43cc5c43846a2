import { type SQL, sql } from 'drizzle-orm';
import { searchDocumentOf } from './catalog-writes/search-document';

export interface SearchableProduct {
  title: string;
  vendor: string | null;
  tags: readonly string[];
  description: string;
}

/**
 * The value of `products.search_document` for one product given as values (the seed, single
 * rows); the one definition of the document is `searchDocumentOf`, which set-based writes use
 * with column expressions, so the search index means the same whoever wrote the row.
 */
export function productSearchDocument(product: SearchableProduct): SQL {
  return searchDocumentOf({
    title: sql`${product.title}::text`,
    vendor: sql`${product.vendor}::text`,
    // `array[$1, $2]`: drizzle would otherwise spread the list into a parenthesised tuple.
    tags: sql`array[${sql.join(
      product.tags.map((tag) => sql`${tag}`),
      sql`, `,
    )}]::text[]`,
    description: sql`${product.description}::text`,
  });
}
