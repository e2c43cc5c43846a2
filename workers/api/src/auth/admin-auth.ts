import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { log } from '../log';
import { bearerToken } from './bearer-token';
import { secretsEqual } from './secrets-equal';
import { unauthorized } from './unauthorized';

/**
 * Admits `Authorization: Bearer <ADMIN_API_KEY>`. One key from configuration until the key-and-
 * scope system lands; that work replaces this middleware and nothing else. With no key
 * configured the admin API refuses everyone. Mounted on the whole /v1/admin prefix (`createApp`),
 * so it fails closed, and declared by each admin route (`adminAccess`), where it then passes.
 */
export const adminAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    // The prefix door admitted it already; the route's own declaration need not ask again.
    if (c.get('adminAdmitted')) return next();
    const expected = c.get('config').ADMIN_API_KEY;
    const token = bearerToken(c.req.header('Authorization'));
    if (token === undefined) throw unauthorized('Send Authorization: Bearer <admin API key>.');
    if (!expected) {
      log('warn', 'admin request refused: ADMIN_API_KEY is not configured', {
        requestId: c.get('requestId'),
      });
      throw unauthorized('The API key is not valid.');
    }
    if (!(await secretsEqual(token, expected))) throw unauthorized('The API key is not valid.');
    c.set('adminAdmitted', true);
    await next();
  });
