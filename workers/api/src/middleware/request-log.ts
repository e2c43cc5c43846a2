import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { log, logs } from '../log';
import { requestPath } from '../request-address';

/** One JSON line per request, written once the response is known. */
export const requestLog = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    logRequest(c.req.raw, c.res.status, c.get('requestId'), started);
  });

/** The request's line; also written by the warm catalog path, which answers before Hono runs. */
export function logRequest(request: Request, status: number, requestId: string, started: number): void {
  if (!logs(status >= 500 ? 'error' : 'info')) return;
  log(status >= 500 ? 'error' : 'info', 'request', {
    requestId,
    method: request.method,
    path: requestPath(request.url),
    status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    colo: colo(request),
  });
}

// Workers put the serving data centre on the request; other hosts have none.
function colo(request: Request): string | undefined {
  const cf = (request as { cf?: { colo?: unknown } }).cf;
  return typeof cf?.colo === 'string' ? cf.colo : undefined;
}
