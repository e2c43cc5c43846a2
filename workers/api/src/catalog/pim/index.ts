import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerApiKeySecurityScheme, registerPartnerSecuritySchemes } from '../../auth/security-schemes';
import type { AppEnv } from '../../env';
import { registerUpdatePimPrices } from './update-prices';
import { registerUpsertPimProducts } from './upsert-products';

/** The inbound PIM integration: product batches and price updates. */
export function registerPimIntegration(app: OpenAPIHono<AppEnv>): void {
  registerPartnerSecuritySchemes(app);
  registerApiKeySecurityScheme(app);
  registerUpsertPimProducts(app);
  registerUpdatePimPrices(app);
}
