export { createDatabase, type Database, type DatabaseHandle, type DatabaseOptions } from './client';
export { isDataException } from './data-exception';
export * as adminLists from './queries/admin-lists';
export * as catalogWrites from './queries/catalog-writes';
export * as scheduledJobs from './queries/scheduled-jobs';
export { productSearchDocument, type SearchableProduct } from './queries/search-document';
export * as storefront from './queries/storefront';
export * as schema from './schema';
export { isDatabaseUnavailable } from './unavailable';
