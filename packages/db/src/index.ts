export { createDatabase, type Database, type DatabaseHandle, type DatabaseOptions } from './client';
export * as schema from './schema';
export { productSearchDocument, type SearchableProduct } from './queries/search-document';
