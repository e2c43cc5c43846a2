import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestModeAccount } from './account';
import { answerApiRequest } from './api-routes';
import { StripeApiError } from './errors';
import type { StripeEvent } from './events';
import { type FormHash, parseFormBody } from './form-body';
import { IdempotencyKeys } from './idempotency';
import { requestId as newRequestId } from './ids';
import { Params } from './params';
import { answerStandInRequest, STAND_IN_PREFIX } from './stand-in-routes';
import {
  type DeliveryAttempt,
  type ReleaseOrder,
  WebhookDelivery,
  type WebhookDeliveryOptions,
} from './webhook-delivery';
import { type WebhookEndpoint, type WebhookEndpointConfig, WebhookEndpoints } from './webhook-endpoints';

/** The API version the stand-in speaks: the one the `stripe` SDK it is tested with pins. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** A made-up test-mode key for when none is given; it opens nothing but the stand-in. */
export const DEFAULT_STAND_IN_SECRET_KEY = 'sk_test_localStripeStandIn000000000000000000000000';

export interface StripeStandInOptions {
  /** Default 0: a free port the system picks (`url` says which). */
  port?: number;
  host?: string;
  /** The key clients must send (`Authorization: Bearer sk_test_…`); only test-mode keys. */
  secretKey?: string;
  /** Endpoints to deliver events to from the start; more can be added while it runs. */
  webhooks?: readonly WebhookEndpointConfig[];
  /** Retries, timeouts and the chaos knobs of webhook delivery. */
  delivery?: WebhookDeliveryOptions;
  /** The clock of `created` fields and of idempotency keys' 24 hours (default Date.now). */
  now?: () => number;
}

export interface StripeStandIn {
  /** Where the SDK sends: `new Stripe(key, { host, port, protocol: 'http' })`. */
  url: string;
  host: string;
  port: number;
  secretKey: string;
  apiVersion: string;
  webhooks: {
    /** Delivers events to `url`, signed with `secret` (made up if omitted, and returned). */
    add(config: WebhookEndpointConfig): WebhookEndpoint & { secret: string };
    remove(id: string): void;
    /** Holds deliveries until `release`, which sends them in the order asked for. */
    pause(): void;
    release(order?: ReleaseOrder): Promise<number>;
    /** Sends an event again to every endpoint taking it. */
    redeliver(eventId: string): void;
    /** Resolves when no delivery is waiting or in flight. */
    idle(): Promise<void>;
    attempts(): readonly DeliveryAttempt[];
  };
  /** Every event so far, oldest first. */
  events(): readonly StripeEvent[];
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A local Stripe for the part of its v1 API the shop's checkout uses: PaymentIntents with Stripe's
 * test cards (success, declines, 3D Secure, Radar risk levels), refunds, events, idempotency keys
 * and signed webhooks, over Stripe's wire protocol (form bodies with bracket nesting, its headers
 * and error bodies), so the real `stripe` SDK and the production code path run against it. All
 * state is in memory: each start is a fresh test-mode account.
 */
export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? DEFAULT_STAND_IN_SECRET_KEY;
  if (!/^sk_test_\w+$/.test(secretKey))
    throw new Error('The Stripe stand-in takes a test-mode secret key (sk_test_…) only.');
  const now = options.now ?? Date.now;
  const server = createServer();
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host }, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const account = new TestModeAccount(STRIPE_API_VERSION, now, url);
  const endpoints = new WebhookEndpoints(now);
  const delivery = new WebhookDelivery(endpoints, account.events, options.delivery);
  for (const webhook of options.webhooks ?? []) endpoints.add(webhook);
  const state: State = { account, endpoints, delivery, keys: new IdempotencyKeys(now), secretKey };

  server.on('request', (request, response) => {
    handle(request, response, state).catch((error: unknown) => {
      if (!response.headersSent)
        send(
          response,
          500,
          new StripeApiError(500, {
            type: 'api_error',
            message: `stand-in failure: ${(error as Error).message}`,
          }).body(),
          // A failure of the stand-in itself: not kept under an idempotency key, so a retry runs again.
          { 'request-id': newRequestId(), 'stripe-version': STRIPE_API_VERSION },
        );
      else response.destroy();
    });
  });

  return {
    url,
    host,
    port,
    secretKey,
    apiVersion: STRIPE_API_VERSION,
    webhooks: {
      add: (config) => endpoints.add(config),
      remove: (id) => void endpoints.remove(id),
      pause: () => delivery.pause(),
      release: (order) => delivery.release(order),
      redeliver: (eventId) => delivery.redeliver(eventId),
      idle: () => delivery.idle(),
      attempts: () => delivery.attempts,
    },
    events: () => account.events.all(),
    async stop() {
      delivery.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

interface State {
  account: TestModeAccount;
  endpoints: WebhookEndpoints;
  delivery: WebhookDelivery;
  keys: IdempotencyKeys;
  secretKey: string;
}

async function handle(request: IncomingMessage, response: ServerResponse, state: State): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://stand-in');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const requestId = newRequestId();
  const headers: Record<string, string> = {
    'request-id': requestId,
    'stripe-version': header(request, 'stripe-version') ?? STRIPE_API_VERSION,
  };

  if (path.startsWith(STAND_IN_PREFIX)) {
    try {
      const body = method === 'POST' ? await readBody(request) : '';
      const answer = await answerStandInRequest(method, path, {
        ...state,
        fields: standInFields(request, body),
      });
      if (answer.kind === 'redirect') {
        response.writeHead(303, { ...headers, location: answer.location });
        response.end();
      } else if (answer.kind === 'html') {
        response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
        response.end(answer.body);
      } else send(response, answer.status, answer.body, headers);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      send(response, error.status, error.body(), headers);
    }
    return;
  }

  const idempotencyKey = method === 'POST' ? header(request, 'idempotency-key') : undefined;
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  let params: FormHash;
  try {
    authenticate(request, state.secretKey);
    params = parseFormBody(method === 'POST' ? await readBody(request) : url.search.slice(1));
    const replayed =
      idempotencyKey === undefined ? undefined : state.keys.replay(idempotencyKey, path, params);
    if (replayed) {
      const replay = { ...headers, 'idempotent-replayed': 'true', 'original-request': replayed.requestId };
      sendText(response, replayed.status, replayed.body, replay);
      return;
    }
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="Stripe"';
    send(response, error.status, error.body(), headers);
    return;
  }

  let status = 200;
  let body: unknown;
  let keep = true;
  try {
    body = answerApiRequest(method, path, {
      account: state.account,
      endpoints: state.endpoints,
      params: new Params(params),
      request: { id: requestId, idempotency_key: idempotencyKey ?? null },
    });
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    status = error.status;
    body = error.body();
    keep = error.outcome === 'ran';
  }
  const text = JSON.stringify(body, null, 2);
  if (idempotencyKey !== undefined && keep)
    state.keys.record(idempotencyKey, path, params, { status, body: text, requestId });
  sendText(response, status, text, headers);
}

/** Stripe takes the secret key as a Bearer token or as the Basic user name (`curl -u sk_test_…:`). */
function authenticate(request: IncomingMessage, secretKey: string): void {
  const authorization = header(request, 'authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const basic = /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
  const given = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined);
  if (!given)
    throw new StripeApiError(401, {
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  const expected = Buffer.from(secretKey);
  const received = Buffer.from(given);
  if (received.length !== expected.length || !timingSafeEqual(received, expected))
    throw new StripeApiError(401, { message: `Invalid API Key provided: ${masked(given)}` });
}

/** A key as Stripe's 401 shows it: its prefix and last four characters. */
function masked(key: string): string {
  const prefix = /^[a-z]{2,4}_(test|live)_/.exec(key)?.[0] ?? '';
  return key.length <= prefix.length + 4
    ? key
    : `${prefix}${'*'.repeat(key.length - prefix.length - 4)}${key.slice(-4)}`;
}

function standInFields(request: IncomingMessage, body: string): Record<string, unknown> {
  if (body === '') return {};
  if ((header(request, 'content-type') ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // Refused below, as any body that is not an object is.
    }
    throw new StripeApiError(400, { message: 'The body must be a JSON object.' });
  }
  return parseFormBody(body);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new StripeApiError(413, { message: 'Request body too large.' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  sendText(response, status, JSON.stringify(body, null, 2), headers);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-cache, no-store',
  });
  response.end(text);
}
