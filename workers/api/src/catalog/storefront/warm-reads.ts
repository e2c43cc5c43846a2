import { catalogCacheFor } from '../../cache/catalog-cache-for';
import { loadConfig } from '../../config';
import { setLogLevel } from '../../log';
import { REQUEST_ID_HEADER, requestIdOf } from '../../middleware/request-id';
import { logRequest } from '../../middleware/request-log';
import { statementsTiming } from '../../middleware/services';
import { requestAddress } from '../../request-address';
import { catalogReadAnswer } from './cached-read';

const NO_STATEMENTS = statementsTiming(0);

/**
 * The warm path of storefront reads. A GET whose exact address this isolate already answered
 * from the catalog cache, under the catalog version still in force, is answered again here,
 * before Hono routes it, validates its query or runs any middleware: at warm-cache rates that
 * work, not the lookup, was most of the cost (ADR 9). Everything else, misses included, goes
 * on to the app unchanged.
 *
 * It answers exactly what the full path would: the address was validated and resolved to its
 * cache key by the full path under the same version (`rememberAddress`), the entry is checked
 * as a keyed read checks it, and the response is built by the same `catalogReadAnswer`, with the
 * request id, Server-Timing and log line the middleware would have added, and the front door's
 * headers (`frontDoorHeaders`), which it would otherwise add to the app's answer.
 */
export function answerWarmCatalogRead(
  request: Request,
  env: object,
  executionContext: ExecutionContext | undefined,
  frontDoorHeaders: Record<string, string> = {},
): Response | undefined {
  // Bodies and other methods take the full path, which rejects what it must (415, 413, 405).
  if (request.method !== 'GET' || request.body !== null) return undefined;
  const started = performance.now();
  const loaded = loadConfig(env);
  if (!loaded.ok) return undefined;
  const { config } = loaded;
  // No request id yet: a miss must not spend one that the full path would then replace. Only
  // the background version check can log from here, and it concerns no request in particular.
  const cached = catalogCacheFor(config, {
    waitUntil: executionContext ? (promise) => executionContext.waitUntil(promise) : undefined,
  }).readByAddress(requestAddress(request.url));
  if (!cached) return undefined;

  setLogLevel(config.LOG_LEVEL);
  const requestId = requestIdOf(request);
  const answer = catalogReadAnswer(cached, request.headers.get('If-None-Match'));
  const headers: Record<string, string> = {
    ...frontDoorHeaders,
    ...answer.headers,
    [REQUEST_ID_HEADER]: requestId,
  };
  if (config.ENVIRONMENT !== 'production') headers['Server-Timing'] = NO_STATEMENTS;
  logRequest(request, answer.status, requestId, started);
  return new Response(answer.body, { status: answer.status, headers });
}
