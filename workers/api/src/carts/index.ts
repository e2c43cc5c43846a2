import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerCartSecurityScheme } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { registerAddCartLine } from './add-line';
import { registerChangeCartLine } from './change-line';
import { registerCreateCart } from './create-cart';
import { registerGetCart } from './get-cart';
import { registerRemoveCartLine } from './remove-line';

/** The cart routes: one CartObject per cart behind each (ADR 21). */
export function registerCarts(app: OpenAPIHono<AppEnv>): void {
  registerCartSecurityScheme(app);
  registerCreateCart(app);
  registerGetCart(app);
  registerAddCartLine(app);
  registerChangeCartLine(app);
  registerRemoveCartLine(app);
}
