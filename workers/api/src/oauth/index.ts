import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerOAuthSecurityScheme } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { registerOAuthToken } from './token';

/** OAuth 2.0 for partner systems (ADR 24): client credentials in, a short-lived scoped token out. */
export function registerOAuth(app: OpenAPIHono<AppEnv>): void {
  registerOAuthSecurityScheme(app);
  registerOAuthToken(app);
}
