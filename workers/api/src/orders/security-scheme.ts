import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';

export function registerOrderSecurityScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'orderToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Order-Token',
    description:
      "The order's access token, which completing the cart returned (`accessToken`) to the cart's holder. " +
      'It opens that one order to a guest; without it, or with another order’s, the order answers 404.',
  });
}
