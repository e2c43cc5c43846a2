import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerCartSecurityScheme } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { registerAddCartLine } from './add-line';
import { registerApplyCartPromotion } from './apply-promotion';
import { registerChangeCartLine } from './change-line';
import { registerChooseShippingMethod } from './choose-shipping-method';
import { registerClaimCart } from './claim-cart';
import { registerCreateCart } from './create-cart';
import { registerGetCart } from './get-cart';
import { registerRemoveCartLine } from './remove-line';
import { registerRemoveCartPromotion } from './remove-promotion';
import { registerSetShippingAddress } from './set-shipping-address';
import { registerShippingRates } from './shipping-rates';

/** The cart routes: one CartObject per cart behind each (ADR 21). */
export function registerCarts(app: OpenAPIHono<AppEnv>): void {
  registerCartSecurityScheme(app);
  registerCreateCart(app);
  registerGetCart(app);
  registerAddCartLine(app);
  registerChangeCartLine(app);
  registerRemoveCartLine(app);
  registerApplyCartPromotion(app);
  registerRemoveCartPromotion(app);
  registerSetShippingAddress(app);
  registerShippingRates(app);
  registerChooseShippingMethod(app);
  registerClaimCart(app);
}
