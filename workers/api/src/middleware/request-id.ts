import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const MAX_REQUEST_ID_LENGTH = 128;
const SANE_REQUEST_ID = /^[\w\-=]+$/;

/**
 * The id a request is known by in logs, problem bodies and the `X-Request-Id` response header:
 * the caller's own when it sent a sane one (so a trace spans its systems and ours), else a new
 * UUID. Shared by the middleware and the warm catalog path, which answers before Hono runs.
 */
export function requestIdOf(request: Request): string {
  const sent = request.headers.get(REQUEST_ID_HEADER);
  return sent && sent.length <= MAX_REQUEST_ID_LENGTH && SANE_REQUEST_ID.test(sent)
    ? sent
    : crypto.randomUUID();
}

export const requestIds = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const id = requestIdOf(c.req.raw);
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  });
