import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { registerJwks } from './jwks';
import { registerLogin } from './login';
import { registerLogout } from './logout';
import { registerRefresh } from './refresh';

/** Customers' sessions (ADR 23): sign in, refresh, sign out, and the keys their tokens are signed with. */
export function registerSessions(app: OpenAPIHono<AppEnv>): void {
  registerLogin(app);
  registerRefresh(app);
  registerLogout(app);
  registerJwks(app);
}
