import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { log } from '../log';

/** One JSON line per request, written once the response is known. */
export const requestLog = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    log(status >= 500 ? 'error' : 'info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      colo: colo(c.req.raw),
    });
  });

// Workers put the serving data centre on the request; other hosts have none.
function colo(request: Request): string | undefined {
  const cf = (request as { cf?: { colo?: unknown } }).cf;
  return typeof cf?.colo === 'string' ? cf.colo : undefined;
}
