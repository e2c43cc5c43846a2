import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { registerCheckOutCart } from './checkout-cart';
import { registerCompleteCart } from './complete-cart';

/** Checkout (ADR 29): a cart's payment, and the order it becomes. */
export function registerCheckout(app: OpenAPIHono<AppEnv>): void {
  registerCheckOutCart(app);
  registerCompleteCart(app);
}
