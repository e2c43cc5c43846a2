import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../env';
import { registerGetCollection } from './get-collection';
import { registerGetProduct } from './get-product';
import { registerListCategories } from './list-categories';
import { registerListProducts } from './list-products';

/** The public, cacheable storefront reads: products, a product, categories, collections. */
export function registerStorefront(app: OpenAPIHono<AppEnv>): void {
  registerListProducts(app);
  registerGetProduct(app);
  registerListCategories(app);
  registerGetCollection(app);
}
