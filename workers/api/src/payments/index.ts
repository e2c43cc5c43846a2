import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerStripeSignatureScheme } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { registerStripeWebhooks } from './stripe-webhooks';

/** Stripe: the webhook receiver (the checkout's payment routes join it). */
export function registerStripeIntegration(app: OpenAPIHono<AppEnv>): void {
  registerStripeSignatureScheme(app);
  registerStripeWebhooks(app);
}
