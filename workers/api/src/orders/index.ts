import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { registerAdminGetOrder } from './admin/get-order';
import { registerAdminListOrders } from './admin/list-orders';
import { registerAdminOrderActions } from './admin/order-actions';
import { registerAdminRefundOrder } from './admin/refund-order';
import { registerCancelMyOrder } from './cancel-my-order';
import { registerGetOrder } from './get-order';
import { registerListMyOrders } from './list-my-orders';
import { registerOrderSecurityScheme } from './security-scheme';

/** Orders: what paid carts became (ADR 29). */
export function registerOrders(app: OpenAPIHono<AppEnv>): void {
  registerOrderSecurityScheme(app);
  registerGetOrder(app);
  registerListMyOrders(app);
  registerCancelMyOrder(app);
  registerAdminListOrders(app);
  registerAdminGetOrder(app);
  registerAdminOrderActions(app);
  registerAdminRefundOrder(app);
}
