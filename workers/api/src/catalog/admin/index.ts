import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerApiKeySecurityScheme } from '../../auth/security-schemes';
import type { AppEnv } from '../../env';
import { registerArchiveProduct } from './archive-product';
import { registerCreateCategory } from './create-category';
import { registerCreateProduct } from './create-product';
import { registerCreateVariant } from './create-variant';
import { registerGetCategory } from './get-category';
import { registerGetProduct } from './get-product';
import { registerGetVariant } from './get-variant';
import { registerListCategories } from './list-categories';
import { registerListProducts } from './list-products';
import { registerSetPrices } from './set-prices';
import { registerUpdateCategory } from './update-category';
import { registerUpdateProduct } from './update-product';
import { registerUpdateVariant } from './update-variant';

/**
 * The catalog's admin routes. They sit behind the admin door `createApp` puts on /v1/admin before
 * any route (key, private answers); each route declares it too (`adminAccess`), which then passes.
 */
export function registerAdmin(app: OpenAPIHono<AppEnv>): void {
  registerApiKeySecurityScheme(app);
  registerListProducts(app);
  registerCreateProduct(app);
  registerGetProduct(app);
  registerUpdateProduct(app);
  registerArchiveProduct(app);
  registerCreateVariant(app);
  registerGetVariant(app);
  registerUpdateVariant(app);
  registerSetPrices(app);
  registerListCategories(app);
  registerCreateCategory(app);
  registerGetCategory(app);
  registerUpdateCategory(app);
}
