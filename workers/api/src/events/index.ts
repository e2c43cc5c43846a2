import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerPartnerSecuritySchemes } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { registerAdminGetEvent } from './admin/get-event';
import { registerAdminListEventDeliveries } from './admin/list-deliveries';
import { registerAdminReplayEvents } from './admin/replay-events';
import { registerDeliveryReports } from './qstash/delivery-reports';
import { registerEmailConsumer } from './qstash/email-consumer';

/** Integration events out (ADR 33): QStash's delivery reports, and the operators' view and replay. */
export function registerIntegrationEvents(app: OpenAPIHono<AppEnv>): void {
  registerPartnerSecuritySchemes(app);
  registerDeliveryReports(app);
  registerEmailConsumer(app);
  registerAdminListEventDeliveries(app);
  registerAdminReplayEvents(app);
  registerAdminGetEvent(app);
}
