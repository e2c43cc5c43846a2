import { type Config, loadConfig } from '../config';
import { buildProblem, PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { setLogLevel } from '../log';
import { REQUEST_ID_HEADER, requestIdOf } from '../middleware/request-id';
import { logRequest } from '../middleware/request-log';
import { requestPath } from '../request-address';
import { type Caller, callerOf, clientAddress } from './caller';
import { allowedOrigin, corsHeaders, isPreflight, preflightHeaders } from './cors';
import { securityHeaders } from './security-headers';
import { type RateLimitDecision, rateLimitHeaders, SlidingWindowLimiter } from './sliding-window';

const MINUTE_MS = 60_000;

/** What the front door keeps per configuration, in practice per isolate. */
interface FrontDoorState {
  origins: ReadonlySet<string>;
  anonymous: SlidingWindowLimiter | undefined;
  keys: SlidingWindowLimiter | undefined;
  security: Record<string, string>;
  /** The headers of an answer to a request from no allowed origin: the security ones, `Vary`. */
  withoutOrigin: Record<string, string>;
}

const states = new WeakMap<Config, FrontDoorState>();

function stateFor(config: Config): FrontDoorState {
  let state = states.get(config);
  if (!state) {
    const perMinute = (limit: number) => (limit > 0 ? new SlidingWindowLimiter(limit, MINUTE_MS) : undefined);
    const security = securityHeaders(config.ENVIRONMENT === 'production');
    state = {
      origins: new Set(config.STOREFRONT_ORIGINS),
      anonymous: perMinute(config.RATE_LIMIT_ANONYMOUS_PER_MINUTE),
      keys: perMinute(config.RATE_LIMIT_KEY_PER_MINUTE),
      security,
      withoutOrigin: { ...security, ...corsHeaders(undefined) },
    };
    states.set(config, state);
  }
  return state;
}

export interface Inner {
  /** The warm catalog path: answers with `headers` added, or undefined to go on to the app. */
  warm(headers: Record<string, string>): Response | undefined;
  app(): Response | Promise<Response>;
}

/**
 * The front door (ARCHITECTURE.md): what holds for every request, before the warm catalog path
 * and the app. CORS preflights are answered here; every other request is counted against its
 * caller's limit (per API key when it carries one the configuration knows, else per IP) and
 * refused with 429 past it; every answer leaves with the security headers, the CORS headers its
 * origin earned and the RateLimit-* fields. A configuration that does not load goes straight to
 * the app, which answers `server_misconfigured`.
 *
 * Synchronous up to the warm path unless the request carries credentials (recognising a key is
 * the one asynchronous step): a warm read is answered without a promise in between.
 */
export function answerAtFrontDoor(request: Request, env: object, inner: Inner): Response | Promise<Response> {
  const loaded = loadConfig(env);
  if (!loaded.ok) return inner.app();
  const state = stateFor(loaded.config);
  const origin = request.headers.has('Origin')
    ? allowedOrigin(request, requestPath(request.url), state.origins)
    : undefined;

  if (isPreflight(request)) return preflight(request, origin, state);

  if (request.headers.has('Authorization')) {
    return callerOf(request, loaded.config).then((caller) =>
      admit(request, loaded.config, state, caller, origin, inner),
    );
  }
  return admit(
    request,
    loaded.config,
    state,
    { kind: 'anonymous', id: clientAddress(request) },
    origin,
    inner,
  );
}

function admit(
  request: Request,
  config: Config,
  state: FrontDoorState,
  caller: Caller,
  origin: string | undefined,
  inner: Inner,
): Response | Promise<Response> {
  const limiter = caller.kind === 'key' ? state.keys : state.anonymous;
  const decision = limiter?.take(`${caller.kind}:${caller.id}`);
  const always = origin === undefined ? state.withoutOrigin : { ...state.security, ...corsHeaders(origin) };
  const headers = decision ? { ...always, ...rateLimitHeaders(decision) } : always;
  if (decision && !decision.allowed) {
    setLogLevel(config.LOG_LEVEL);
    return tooManyRequests(request, headers, decision);
  }
  return inner.warm(headers) ?? answerFromApp(inner, headers);
}

async function answerFromApp(inner: Inner, headers: Record<string, string>): Promise<Response> {
  return withHeaders(await inner.app(), headers);
}

function preflight(request: Request, origin: string | undefined, state: FrontDoorState): Response {
  const allowed = preflightHeaders(request, origin);
  if (allowed) return new Response(null, { status: 204, headers: { ...state.security, ...allowed } });
  const requestId = requestIdOf(request);
  const body = buildProblem('forbidden', 'This origin may not call this route from a browser.', requestId);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { ...state.security, 'Content-Type': PROBLEM_CONTENT_TYPE, [REQUEST_ID_HEADER]: requestId },
  });
}

function tooManyRequests(
  request: Request,
  headers: Record<string, string>,
  decision: RateLimitDecision,
): Response {
  const started = performance.now();
  const requestId = requestIdOf(request);
  const body = buildProblem(
    'rate_limited',
    `Too many requests; this caller may send ${decision.limit} a minute. Retry after ${decision.resetSeconds} s.`,
    requestId,
  );
  logRequest(request, 429, requestId, started);
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: {
      ...headers,
      'Content-Type': PROBLEM_CONTENT_TYPE,
      'Cache-Control': 'no-store',
      'Retry-After': String(decision.resetSeconds),
      [REQUEST_ID_HEADER]: requestId,
    },
  });
}

/**
 * Adds the front door's headers to the app's response, keeping any the route set itself (the
 * docs page's own Content-Security-Policy, a route's stricter RateLimit-* fields).
 */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    addMissing(response.headers, headers);
    return response;
  } catch {
    // Immutable headers (a response passed through from fetch or the Cache API): copy once.
    const copy = new Response(response.body, response);
    addMissing(copy.headers, headers);
    return copy;
  }
}

function addMissing(target: Headers, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    const present = target.get(name);
    if (present === null) target.set(name, value);
    else if (name === 'Vary' && !present.toLowerCase().includes('origin'))
      target.set(name, `${present}, ${value}`);
  }
}
