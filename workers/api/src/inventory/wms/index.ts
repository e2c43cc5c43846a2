import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerApiKeySecurityScheme, registerPartnerSecuritySchemes } from '../../auth/security-schemes';
import type { AppEnv } from '../../env';
import { registerRecordWmsLevels } from './record-levels';

/** The inbound WMS integration: stock levels per SKU and location. */
export function registerWmsIntegration(app: OpenAPIHono<AppEnv>): void {
  registerPartnerSecuritySchemes(app);
  registerApiKeySecurityScheme(app);
  registerRecordWmsLevels(app);
}
