import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { registerGetOrder } from './get-order';
import { registerOrderSecurityScheme } from './security-scheme';

/** Orders: what paid carts became (ADR 29). */
export function registerOrders(app: OpenAPIHono<AppEnv>): void {
  registerOrderSecurityScheme(app);
  registerGetOrder(app);
}
