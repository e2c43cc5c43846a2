export { type GeneratedProduct, generateProduct } from './generator';
export { analyzeCatalog, type CatalogSeedReport, seedCatalog } from './write';
