import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import apiPackage from '../package.json' with { type: 'json' };
import { registerAccountEmail } from './account-email';
import { registerAdminApiKeys } from './api-keys';
import { adminAccess } from './auth/access';
import { registerCarts } from './carts';
import { registerAdmin } from './catalog/admin';
import { registerPimIntegration } from './catalog/pim';
import { registerStorefront } from './catalog/storefront';
import { registerCheckout } from './checkout';
import { registerCustomers } from './customers';
import { registerCrmIntegration } from './customers/crm';
import type { AppEnv } from './env';
import { handleError, notFoundOrMethodNotAllowed, payloadTooLarge, validationHook } from './errors/handlers';
import { registerIntegrationEvents } from './events';
import { registerAdminInventory } from './inventory/admin-inventory';
import { registerRestoreInventory } from './inventory/restore-inventory';
import { registerWmsIntegration } from './inventory/wms';
import { jsonBodiesOnly } from './middleware/json-body';
import { privateResponses } from './middleware/private-responses';
import { requestIds } from './middleware/request-id';
import { requestLog } from './middleware/request-log';
import { services } from './middleware/services';
import { registerOAuth } from './oauth';
import { registerOrders } from './orders';
import { registerStripeIntegration } from './payments';
import { registerAdminPromotions } from './promotions/admin';
import { registerDocs } from './routes/docs';
import { registerHealth } from './routes/health';
import { registerSessions } from './sessions';

// The cap is configuration, so the body-limit middleware is built per configured size (in
// practice once per isolate), not per request.
function cappedBodies(): MiddlewareHandler<AppEnv> {
  const limiters = new Map<number, MiddlewareHandler<AppEnv>>();
  return (c, next) => {
    const maxSize = c.get('config').MAX_BODY_BYTES;
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      limiter = bodyLimit({ maxSize, onError: payloadTooLarge });
      limiters.set(maxSize, limiter);
    }
    return limiter(c, next);
  };
}

/**
 * Builds the API: middleware in the order every request meets it, then the routes. A function
 * rather than a module-level app so that tests and other hosts can build their own.
 */
export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestIds());
  app.use(requestLog());
  app.use(services());
  // The admin door, one for the whole prefix and ahead of every route, so it fails closed: a
  // route added anywhere under /v1/admin is guarded without asking, and a request without the key
  // is refused before its body is limited, typed or validated and before routing can tell a known
  // path from an unknown one (401 either way, never 400, 404 or 405). Private first, so refusals
  // are not cached either.
  app.use('/v1/admin/*', privateResponses(), adminAccess.middleware);
  // A cart is its shopper's alone: no shared cache or disk keeps any answer of its routes.
  app.use('/v1/carts', privateResponses());
  app.use('/v1/carts/*', privateResponses());
  // Accounts and sessions: personal, and token answers must never be stored (RFC 6749 §5.1).
  app.use('/v1/customers', privateResponses());
  app.use('/v1/customers/*', privateResponses());
  app.use('/v1/auth/*', privateResponses());
  // The CRM reads and writes customers' profiles, tickets and orders.
  app.use('/v1/integrations/crm/*', privateResponses());
  app.use('/v1/oauth/*', privateResponses());
  app.use(cappedBodies());
  app.use(jsonBodiesOnly());

  registerHealth(app);
  registerPimIntegration(app);
  registerWmsIntegration(app);
  registerCrmIntegration(app);
  registerStripeIntegration(app);
  registerIntegrationEvents(app);
  registerAdmin(app);
  registerAdminInventory(app);
  registerRestoreInventory(app);
  registerAdminPromotions(app);
  registerAdminApiKeys(app);
  registerStorefront(app);
  registerCarts(app);
  registerCheckout(app);
  registerOrders(app);
  registerCustomers(app);
  registerSessions(app);
  registerAccountEmail(app);
  registerOAuth(app);
  registerDocs(app, apiPackage.version);

  app.notFound(notFoundOrMethodNotAllowed(app));
  app.onError(handleError);
  return app;
}
