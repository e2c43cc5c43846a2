import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Client, Receiver } from '@upstash/qstash';
import { failsThisTime, isValidBehaviour, type PartnerBehaviour } from './behaviour';
import { PartnerInbox, type RecordedDelivery } from './inbox';

/** The shop's integration partners (ARCHITECTURE.md): who receives its events. */
export const PARTNERS = ['pim', 'wms', 'crm', 'analytics', 'marketing'] as const;
export type PartnerName = (typeof PARTNERS)[number];

export interface PartnersOptions {
  port: number;
  host?: string;
  /** The keys QStash signs deliveries with; each partner verifies with the real `Receiver`. */
  signingKeys: { current: string; next: string };
  /** For `failRate`; Math.random by default. */
  random?: () => number;
  /**
   * Stand in for the API's public address too: keep every request to a `/v1/…` path (QStash's
   * callbacks about deliveries) for a suite to hand to a Worker that listens on no port.
   */
  captureApiCalls?: boolean;
  /** The QStash (stand-in) the CRM publishes its inbound messages through (`/_control/crm/push`). */
  qstash?: { url: string; token: string };
  /** The API's public address, without a trailing slash: where the CRM's messages go. */
  apiUrl?: string;
}

/** What `POST /_control/crm/push` publishes: the body, to `${apiUrl}${path}`, once or twice. */
export interface CrmPush {
  /** A CRM route of the API: `/v1/integrations/crm/profiles` or `/v1/integrations/crm/tickets`. */
  path: string;
  body: unknown;
  /** Publish it twice, as two messages with two message ids: a duplicate only the API's own rules can catch. */
  twice?: boolean;
}

/** A request QStash sent to the API's public address, kept as it came. */
export interface CapturedApiCall {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Partners {
  url: string;
  /** Where QStash delivers a partner's events: `<url>/<partner>/events`. */
  eventsUrl(partner: PartnerName): string;
  deliveries(partner: PartnerName): readonly RecordedDelivery[];
  /** Each event applied once, in the order applied. */
  effects(partner: PartnerName): RecordedDelivery[];
  /** With `captureApiCalls`: what QStash sent to the API's address, oldest first. */
  apiCalls(): readonly CapturedApiCall[];
  behave(partner: PartnerName, behaviour: PartnerBehaviour): void;
  /** The CRM's inbound message, published through QStash to the API; answers QStash's message ids. */
  pushFromCrm(push: CrmPush): Promise<string[]>;
  reset(): void;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Local PIM, WMS, CRM, analytics and marketing endpoints, receiving the shop's events as the real
 * partners would: each delivery verified with `@upstash/qstash`'s Receiver against the exact URL
 * and body (401 otherwise, nothing recorded as applied), then applied once per event id. Each can
 * be told to fail some or all deliveries, or to answer slowly.
 *
 * Over HTTP (no key: local only) for suites that cannot reach this process's objects, and for a
 * person: `GET /` lists every partner's deliveries; `GET /_control/<partner>/deliveries`,
 * `PUT /_control/<partner>/behaviour` and `POST /_control/reset`. The CRM also sends the API its
 * messages: `POST /_control/crm/push` with `{ path, body, twice? }` publishes `body` through QStash
 * (the real `Client`, given `qstash` and `apiUrl`) to `${apiUrl}${path}`, signed as QStash signs.
 */
export async function startPartners(options: PartnersOptions): Promise<Partners> {
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${options.port}`;
  const random = options.random ?? Math.random;
  const receiver = new Receiver({
    currentSigningKey: options.signingKeys.current,
    nextSigningKey: options.signingKeys.next,
    devMode: false,
  });
  const inboxes = new Map(PARTNERS.map((name) => [name, new PartnerInbox()]));
  const behaviours = new Map<PartnerName, PartnerBehaviour>(PARTNERS.map((name) => [name, {}]));
  const inbox = (partner: PartnerName) => inboxes.get(partner) as PartnerInbox;
  const apiCalls: CapturedApiCall[] = [];
  const qstashClient = options.qstash
    ? new Client({ token: options.qstash.token, baseUrl: options.qstash.url })
    : undefined;

  async function pushFromCrm(push: CrmPush): Promise<string[]> {
    if (!qstashClient || options.apiUrl === undefined)
      throw new PushRefused(
        503,
        'the partners were started without qstash and apiUrl: nothing to push through',
      );
    const url = `${options.apiUrl}${push.path}`;
    const messageIds: string[] = [];
    // Two publishes are two messages, each with its own id: QStash's dedupe does not join them.
    for (let copy = 0; copy < (push.twice ? 2 : 1); copy++) {
      const { messageId } = await qstashClient.publishJSON({ url, body: push.body });
      messageIds.push(messageId);
    }
    return messageIds;
  }

  async function capture(request: IncomingMessage, response: ServerResponse) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && (name.startsWith('upstash-') || name === 'content-type'))
        headers[name] = value;
    }
    apiCalls.push({ path: request.url ?? '/', headers, body: await readBody(request) });
    return json(response, 200, { captured: true });
  }

  function reset() {
    for (const name of PARTNERS) {
      inbox(name).clear();
      behaviours.set(name, {});
    }
    apiCalls.length = 0;
  }

  async function receive(partner: PartnerName, request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request);
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : null;
    };
    const messageId = header('upstash-message-id');
    const retried = Number(header('upstash-retried') ?? 0);
    const delivery = { messageId, retried, eventId: null, type: null, sequence: null, aggregate: null };
    try {
      await receiver.verify({
        signature: header('upstash-signature') ?? '',
        body,
        url: `${url}${request.url ?? ''}`,
      });
    } catch {
      inbox(partner).record({ ...delivery, outcome: 'refused' });
      return json(response, 401, { error: 'signature did not verify' });
    }
    const behaviour = behaviours.get(partner) ?? {};
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const envelope = parseEnvelope(body);
    if (failsThisTime(behaviour, random)) {
      inbox(partner).record({ ...delivery, ...envelope, outcome: 'failed' });
      return json(response, 503, { error: `the ${partner} partner is told to fail` });
    }
    if (!envelope) {
      inbox(partner).record({ ...delivery, outcome: 'malformed' });
      return json(response, 400, { error: 'not an event envelope' });
    }
    const recorded = inbox(partner).record({ ...delivery, ...envelope, outcome: 'applied' });
    return json(response, 200, { eventId: envelope.eventId, outcome: recorded.outcome });
  }

  async function control(path: string[], request: IncomingMessage, response: ServerResponse) {
    const [partner, what] = path as [PartnerName | 'reset', string | undefined];
    if (partner === 'reset' && request.method === 'POST') {
      reset();
      return json(response, 200, { reset: true });
    }
    if ((partner as string) === 'api-calls' && request.method === 'GET')
      return json(response, 200, { calls: apiCalls });
    if (!PARTNERS.includes(partner as PartnerName)) return json(response, 404, { error: 'no such partner' });
    const name = partner as PartnerName;
    if (what === 'deliveries' && request.method === 'GET') {
      return json(response, 200, { deliveries: inbox(name).deliveries, effects: inbox(name).effects() });
    }
    if (name === 'crm' && what === 'push' && request.method === 'POST') {
      const push = safeJson(await readBody(request));
      if (!isCrmPush(push))
        return json(response, 400, { error: 'expected { path: "/v1/integrations/crm/…", body, twice? }' });
      try {
        return json(response, 202, { messageIds: await pushFromCrm(push) });
      } catch (error) {
        if (error instanceof PushRefused) return json(response, error.status, { error: error.message });
        return json(response, 502, { error: `QStash refused the message: ${(error as Error).message}` });
      }
    }
    if (what === 'behaviour' && request.method === 'PUT') {
      const behaviour = safeJson(await readBody(request));
      if (!isValidBehaviour(behaviour)) return json(response, 400, { error: 'not a partner behaviour' });
      behaviours.set(name, { ...behaviour });
      return json(response, 200, behaviour);
    }
    return json(response, 404, { error: 'no such control' });
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', url).pathname.split('/').filter(Boolean);
    const answer = async () => {
      if (path[0] === '_control') return control(path.slice(1), request, response);
      if (options.captureApiCalls && path[0] === 'v1' && request.method === 'POST')
        return capture(request, response);
      if (path.length === 2 && path[1] === 'events' && request.method === 'POST') {
        if (PARTNERS.includes(path[0] as PartnerName))
          return receive(path[0] as PartnerName, request, response);
      }
      if (path.length === 0 && request.method === 'GET') {
        return json(
          response,
          200,
          Object.fromEntries(
            PARTNERS.map((name) => [name, { eventsUrl: `${url}/${name}/events`, ...summary(inbox(name)) }]),
          ),
        );
      }
      return json(response, 404, { error: 'not found' });
    };
    answer().catch((error: unknown) => json(response, 500, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host }, resolve);
  });
  return {
    url,
    eventsUrl: (partner) => `${url}/${partner}/events`,
    deliveries: (partner) => inbox(partner).deliveries,
    effects: (partner) => inbox(partner).effects(),
    apiCalls: () => apiCalls,
    behave: (partner, behaviour) => behaviours.set(partner, { ...behaviour }),
    pushFromCrm,
    reset,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class PushRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A push to one of the API's CRM routes: the local CRM sends nothing else. */
function isCrmPush(value: unknown): value is CrmPush {
  const push = value as Partial<CrmPush> | null;
  return (
    typeof push === 'object' &&
    push !== null &&
    typeof push.path === 'string' &&
    /^\/v1\/integrations\/crm\/[\x21-\x7e]*$/.test(push.path) &&
    'body' in push &&
    (push.twice === undefined || typeof push.twice === 'boolean')
  );
}

function summary(inbox: PartnerInbox) {
  const counts: Record<string, number> = {};
  for (const delivery of inbox.deliveries) counts[delivery.outcome] = (counts[delivery.outcome] ?? 0) + 1;
  return { deliveries: inbox.deliveries.length, effects: inbox.effects().length, outcomes: counts };
}

/** The envelope's identity, or null when the body is not one (API-CONVENTIONS.md, events). */
function parseEnvelope(body: string): {
  eventId: string;
  type: string;
  sequence: number | null;
  aggregate: { type: string; id: string };
} | null {
  const value = safeJson(body) as {
    id?: unknown;
    type?: unknown;
    sequence?: unknown;
    aggregate?: { type?: unknown; id?: unknown };
  } | null;
  if (
    typeof value?.id !== 'string' ||
    typeof value.type !== 'string' ||
    typeof value.aggregate?.type !== 'string' ||
    typeof value.aggregate.id !== 'string'
  ) {
    return null;
  }
  return {
    eventId: value.id,
    type: value.type,
    sequence: typeof value.sequence === 'number' ? value.sequence : null,
    aggregate: { type: value.aggregate.type, id: value.aggregate.id },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
