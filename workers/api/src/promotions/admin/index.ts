import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../env';
import { registerCreatePromotion } from './create-promotion';
import { registerGetPromotion } from './get-promotion';
import { registerListPromotions } from './list-promotions';
import { registerUpdatePromotion } from './update-promotion';

/**
 * The promotion codes' admin routes, behind the admin door `createApp` puts on /v1/admin. No
 * DELETE: orders placed with a code still name it, so a code is deactivated, never removed.
 */
export function registerAdminPromotions(app: OpenAPIHono<AppEnv>): void {
  registerListPromotions(app);
  registerCreatePromotion(app);
  registerGetPromotion(app);
  registerUpdatePromotion(app);
}
