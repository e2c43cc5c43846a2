import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerApiKeySecurityScheme, registerPartnerSecuritySchemes } from '../../auth/security-schemes';
import type { AppEnv } from '../../env';
import { registerListCrmCustomerOrders } from './list-customer-orders';
import { registerRecordCrmProfiles } from './record-profiles';
import { registerRecordCrmTicket } from './record-ticket';

/** The CRM integration: profile changes and support tickets in, a customer's order history out. */
export function registerCrmIntegration(app: OpenAPIHono<AppEnv>): void {
  registerPartnerSecuritySchemes(app);
  registerApiKeySecurityScheme(app);
  registerRecordCrmProfiles(app);
  registerRecordCrmTicket(app);
  registerListCrmCustomerOrders(app);
}
