import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerApiKeySecurityScheme, registerPartnerSecuritySchemes } from '../../auth/security-schemes';
import type { AppEnv } from '../../env';
import { registerRecordWmsShipment } from '../../orders/shipments/record-shipment';
import { registerRecordWmsLevels } from './record-levels';

/** The inbound WMS integration: stock levels per SKU and location, and the parcels it sends. */
export function registerWmsIntegration(app: OpenAPIHono<AppEnv>): void {
  registerPartnerSecuritySchemes(app);
  registerApiKeySecurityScheme(app);
  registerRecordWmsLevels(app);
  registerRecordWmsShipment(app);
}
