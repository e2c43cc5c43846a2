import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { createWorker } from '../../../workers/api/src/worker';
import { testCredentials } from '../../setup/integration-credentials';
import { API_ORIGIN, withDatabase } from '../catalog/catalog-test-kit';

declare module 'vitest' {
  // Provided by tests/setup/qstash.ts (declared there for the Node side).
  export interface ProvidedContext {
    qstashUrl: string;
    qstashToken: string;
    partnersUrl: string;
  }
}

// Shared by the events suites: the Worker with the relay switched on (QStash stand-in, routes to
// the local partners), and what a partner received, read over the partners' control API.

export type PartnerName = 'pim' | 'wms' | 'crm' | 'analytics' | 'marketing';

export interface PartnerDelivery {
  messageId: string | null;
  retried: number;
  eventId: string | null;
  type: string | null;
  aggregate: { type: string; id: string } | null;
  sequence: number | null;
  outcome: 'applied' | 'duplicate' | 'stale' | 'refused' | 'failed' | 'malformed';
}

export const partnersUrl = () => inject('partnersUrl');
export const eventsUrlOf = (partner: PartnerName) => `${partnersUrl()}/${partner}/events`;

/** The suite's bindings with the relay on: these routes, through the QStash stand-in. */
export function relayBindings(routes: Record<string, unknown>): Cloudflare.Env {
  return {
    ...env,
    QSTASH_URL: inject('qstashUrl'),
    QSTASH_TOKEN: inject('qstashToken'),
    EVENT_ROUTES: JSON.stringify(routes),
  } as Cloudflare.Env;
}

/** Runs the every-minute cron with these bindings, to its end (waitUntil included). */
export async function runCron(bindings: Cloudflare.Env): Promise<void> {
  const ctx = createExecutionContext();
  await createWorker().scheduled(createScheduledController({ cron: '* * * * *' }), bindings, ctx);
  await waitOnExecutionContext(ctx);
}

/** An admin call to a Worker with these bindings, waiting for its after-response work too. */
export async function adminCallWith(
  bindings: Cloudflare.Env,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await createWorker().fetch(
    new Request(`${API_ORIGIN}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${testCredentials.adminApiKey}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }) as Request<unknown, IncomingRequestCfProperties>,
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

export async function deliveriesOf(partner: PartnerName): Promise<PartnerDelivery[]> {
  const response = await fetch(`${partnersUrl()}/_control/${partner}/deliveries`);
  return (await response.json<{ deliveries: PartnerDelivery[] }>()).deliveries;
}

/** Waits until `partner` has received what `done` looks for (QStash delivers asynchronously). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Marks every pending event published, so a test's relay run publishes its own events and not the
 * backlog every other suite left in the shared database (those never had a relay to go to).
 */
export function forgetBacklog(): Promise<unknown> {
  return withDatabase((db) =>
    db.execute(sql`update outbox_events set published_at = now() where published_at is null`),
  );
}

export async function publishedAtOf(eventIds: readonly string[]): Promise<(string | null)[]> {
  return withDatabase(async (db) => {
    const { rows } = await db.execute<{ id: string; published_at: string | null }>(
      sql`select id, published_at from outbox_events where id = any(${`{${eventIds.join(',')}}`}::text[])`,
    );
    return eventIds.map((id) => rows.find((row) => row.id === id)?.published_at ?? null);
  });
}

export async function orderEventIds(orderId: string): Promise<{ id: string; type: string }[]> {
  return withDatabase(async (db) => {
    const { rows } = await db.execute<{ id: string; type: string }>(sql`
      select id, type from outbox_events where aggregate_type = 'order' and aggregate_id = ${orderId}
      order by sequence`);
    return rows;
  });
}

/** The suite's bindings with the relay on and QStash reporting deliveries to the partners' address. */
export function reportingBindings(routes: Record<string, unknown>): Cloudflare.Env {
  return { ...relayBindings(routes), PUBLIC_API_URL: partnersUrl() } as Cloudflare.Env;
}

interface CapturedApiCall {
  path: string;
  headers: Record<string, string>;
  body: string;
}

let forwarded = 0;

/**
 * Hands the Worker what QStash sent to the API's public address since the last call (its delivery
 * reports, kept by the partners server), exactly as sent: same URL, headers and body, so the
 * signature verifies as it would in production. Answers the Worker's statuses.
 */
export async function forwardApiCalls(bindings: Cloudflare.Env): Promise<number[]> {
  const { calls } = await (await fetch(`${partnersUrl()}/_control/api-calls`)).json<{
    calls: CapturedApiCall[];
  }>();
  const statuses: number[] = [];
  for (const call of calls.slice(forwarded)) {
    const ctx = createExecutionContext();
    const response = await createWorker().fetch(
      new Request(`${partnersUrl()}${call.path}`, {
        method: 'POST',
        headers: call.headers,
        body: call.body,
      }) as Request<unknown, IncomingRequestCfProperties>,
      bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    statuses.push(response.status);
  }
  forwarded = calls.length;
  return statuses;
}

/** Tells a partner how to behave (fail, be down, be slow), over its control API. */
export async function behave(partner: PartnerName, behaviour: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${partnersUrl()}/_control/${partner}/behaviour`, {
    method: 'PUT',
    body: JSON.stringify(behaviour),
  });
  if (!response.ok) throw new Error(`the ${partner} partner refused ${JSON.stringify(behaviour)}`);
}

export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregate: { type: string; id: string };
  data: Record<string, unknown>;
}

/**
 * The Postgres outbox's events of one aggregate, in sequence order, once `count` of them are
 * there: a Durable Object moves its own events there after the call (or alarm) that recorded them.
 */
export async function outboxEventsOf(
  aggregateType: string,
  aggregateId: string,
  count = 1,
): Promise<OutboxRow[]> {
  const read = () =>
    withDatabase(async (db) => {
      const { rows } = await db.execute<{
        id: string;
        type: string;
        version: number;
        aggregate_type: string;
        aggregate_id: string;
        data: Record<string, unknown>;
      }>(sql`
        select id, type, version, aggregate_type, aggregate_id, data from outbox_events
        where aggregate_type = ${aggregateType} and aggregate_id = ${aggregateId} order by sequence`);
      return rows.map((row) => ({
        id: row.id,
        type: row.type,
        version: Number(row.version),
        aggregate: { type: row.aggregate_type, id: row.aggregate_id },
        data: row.data,
      }));
    });
  return eventually(read, (rows) => rows.length >= count);
}
