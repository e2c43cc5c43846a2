import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import {
  EVENT_AGGREGATES,
  EVENT_TYPES,
  type EventType,
  eventDataSchema,
  eventEnvelopeSchema,
  eventSchemaName,
  eventVersions,
} from '@edge-commerce/domain';
import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../../../workers/api/src/events/relay';
import { ASYNCAPI_PATH } from '../../../workers/api/src/routes/docs';
import { addLine, createCart, ensureMarkets, sellableVariants } from '../carts/cart-kit';
import { adminRequest, withDatabase } from '../catalog/catalog-test-kit';
import { paidOrder } from '../checkout/checkout-kit';
import { call, register } from '../identity/customer-kit';

// /asyncapi.json (ADR 33): the integration events as an AsyncAPI 3.0.0 document generated from the
// domain's schema registry, and the proof that the registry tells the truth: events the Worker
// really writes, read back from the outbox, validate against it field for field.

beforeAll(ensureMarkets);

const api = (path: string) => exports.default.fetch(`http://api.test${path}`);

interface AsyncApiDocument {
  asyncapi: string;
  info: { title: string; version: string; description: string };
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
  components: {
    schemas: Record<string, unknown>;
    messages: Record<
      string,
      { name: string; contentType: string; payload: { $ref: string }; examples: { payload: unknown }[] }
    >;
  };
}

async function asyncApi(): Promise<AsyncApiDocument> {
  const response = await api(ASYNCAPI_PATH);
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  return response.json<AsyncApiDocument>();
}

/** What a local JSON pointer (`#/components/schemas/X`) names in `document`, or undefined. */
function resolve(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every `$ref` anywhere in `node`. */
function refsIn(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
  );
}

describe('GET /asyncapi.json', () => {
  it('is an AsyncAPI 3.0.0 document whose every $ref resolves inside it', async () => {
    const document = await asyncApi();
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info.title).toEqual(expect.stringMatching(/\S/));
    expect(document.info.version).toEqual(expect.stringMatching(/\S/));
    expect(document.info.description).toMatch(/Upstash-Signature/);

    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(EVENT_TYPES.length * 3);
    expect(refs.filter((ref) => resolve(document, ref) === undefined)).toEqual([]);

    for (const [id, channel] of Object.entries(document.channels)) {
      expect(channel.address, id).toEqual(expect.any(String));
      expect(Object.keys(channel.messages).length, id).toBeGreaterThan(0);
    }
    for (const [id, operation] of Object.entries(document.operations)) {
      expect(operation.action, id).toBe('send');
      expect(operation.channel.$ref, id).toMatch(/^#\/channels\/[^/]+$/);
      expect(operation.messages.length, id).toBeGreaterThan(0);
      // An operation's messages are its channel's (AsyncAPI 3.0, Operation Object).
      for (const message of operation.messages) {
        expect(message.$ref.startsWith(`${operation.channel.$ref}/messages/`), id).toBe(true);
      }
    }
    for (const [id, message] of Object.entries(document.components.messages)) {
      expect(message.contentType, id).toBe('application/json');
      expect(resolve(document, message.payload.$ref), id).toMatchObject({ type: 'object' });
    }
  });

  it('has a channel per event type the shop records, addressed by it, a message per version', async () => {
    const document = await asyncApi();
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses.sort()).toEqual([...EVENT_TYPES].sort());
    const sent = Object.values(document.operations).map((operation) => operation.channel.$ref);
    expect(sent.sort()).toEqual(
      Object.keys(document.channels)
        .map((id) => `#/channels/${id}`)
        .sort(),
    );
    for (const event of eventVersions()) {
      const message = document.components.messages[eventSchemaName(event)];
      expect(message?.name).toBe(event.type);
      // The payload is the whole envelope, its data that version's schema.
      expect(resolve(document, message?.payload.$ref ?? '')).toMatchObject({
        properties: {
          type: { const: event.type },
          version: { const: event.version },
          data: { $ref: `#/components/schemas/${eventSchemaName(event)}Data` },
        },
        required: expect.arrayContaining([
          'id',
          'type',
          'version',
          'occurredAt',
          'sequence',
          'aggregate',
          'data',
        ]),
      });
    }
  });

  it('documents examples its own envelope schemas accept', async () => {
    const document = await asyncApi();
    for (const event of eventVersions()) {
      const message = document.components.messages[eventSchemaName(event)];
      const [example] = message?.examples ?? [];
      const parsed = eventEnvelopeSchema(event.type, event.version).safeParse(example?.payload);
      expect(parsed.error, eventSchemaName(event)).toBeUndefined();
    }
  });

  it('is served as /openapi.json is, at its version, and is no operation of it', async () => {
    const [events, rest] = [await api(ASYNCAPI_PATH), await api('/openapi.json')];
    expect(events.headers.get('Cache-Control')).toBe(rest.headers.get('Cache-Control'));
    const openApi = await rest.json<{ info: { version: string }; paths: Record<string, unknown> }>();
    expect((await events.json<AsyncApiDocument>()).info.version).toBe(openApi.info.version);
    expect(Object.keys(openApi.paths)).not.toContain(ASYNCAPI_PATH);
  });
});

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  data: unknown;
  sequence: number;
  occurredAt: string;
}

/** The outbox rows `where` selects, as the relay reads them (its occurredAt format included). */
async function outboxRows(where: SQL): Promise<OutboxRow[]> {
  const { rows } = await withDatabase((db) =>
    db.execute<OutboxRow & Record<string, unknown>>(sql`
      select id, type, version, aggregate_type as "aggregateType", aggregate_id as "aggregateId", data, sequence,
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt"
      from outbox_events where ${where} order by sequence`),
  );
  return rows.map((row) => ({ ...row, version: Number(row.version), sequence: Number(row.sequence) }));
}

/**
 * Checks one recorded event against the registry: its data parses, and parses to itself (zod
 * drops what a schema does not declare, so a written field the schema lacks fails here).
 */
function expectTrueToItsSchema(event: { type: string; version: number; data: unknown }): void {
  const schema = eventDataSchema(event.type, event.version);
  expect(schema, `${event.type} v${event.version} has a schema`).toBeDefined();
  const parsed = schema?.safeParse(event.data);
  expect(parsed?.error, `${event.type}: ${JSON.stringify(event.data)}`).toBeUndefined();
  expect(parsed?.data, `${event.type} declares every field it writes`).toEqual(event.data);
}

/** Checks a Postgres outbox row's data, and its whole envelope as the relay sends it. */
function expectRowTrueToItsSchema(row: OutboxRow): void {
  expectTrueToItsSchema(row);
  const parsed = eventEnvelopeSchema(row.type as EventType, row.version).safeParse(envelopeOf(row));
  expect(parsed.error, `${row.type} envelope`).toBeUndefined();
}

describe('the events the shop writes', { timeout: 60_000 }, () => {
  it('validate against their schemas: an order placed, released, cancelled and refunded, and its catalog', async () => {
    const { order, variant } = await paidOrder(10);
    const released = await adminRequest('POST', `/v1/admin/orders/${order.id}/release`);
    expect(released.status, await released.clone().text()).toBe(200);
    const cancelled = await adminRequest('POST', `/v1/admin/orders/${order.id}/cancel`, {
      body: { reason: 'customer asked' },
    });
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);

    const orderEvents = await outboxRows(sql`aggregate_type = 'order' and aggregate_id = ${order.id}`);
    expect(orderEvents.map((event) => event.type)).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderReleased',
      'OrderCancelled',
      'OrderRefunded',
    ]);
    const catalogEvents = await outboxRows(sql`
      (aggregate_type = 'product' and aggregate_id = (select product_id from variants where id = ${variant.id}))
      or (aggregate_type = 'price' and data->>'variantId' = ${variant.id})`);
    expect(catalogEvents.map((event) => event.type).sort()).toEqual([
      'PriceUpdated',
      'PriceUpdated',
      'ProductUpdated',
    ]);
    for (const row of [...orderEvents, ...catalogEvents]) expectRowTrueToItsSchema(row);
  });

  it('validate against their schemas: a customer registered and updated', async () => {
    const session = await register();
    const updated = await call('PATCH', '/v1/customers/me', {
      token: session.accessToken,
      body: { firstName: 'Grace', phone: '+442079460000' },
    });
    expect(updated.status, await updated.clone().text()).toBe(200);
    const events = await outboxRows(
      sql`aggregate_type = 'customer' and aggregate_id = ${session.customer.id}`,
    );
    expect(events.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerUpdated']);
    for (const row of events) expectRowTrueToItsSchema(row);
  });

  it("validate against their schemas: a SKU's stock crossing and an abandoned cart", async () => {
    const [variant] = await sellableVariants(5, 1_500);
    if (!variant) throw new Error('no variant');
    const cart = await createCart();
    await addLine(cart, variant.id, 2);
    const object = env.CART.getByName(cart.id);
    await runInDurableObject(object, (_instance, state) => {
      state.storage.sql.exec('UPDATE cart SET abandon_at = ? WHERE id = 1', Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(object)).toBe(true);
    // Each object keeps its events until it has moved them to Postgres's outbox: read the object
    // first, then the outbox, so an event moved in between is found on one side or the other.
    const inObjects = [...(await object.outbox()), ...(await env.INVENTORY.getByName(variant.sku).outbox())];
    const moved = await outboxRows(sql`(aggregate_type = 'cart' and aggregate_id = ${cart.id})
      or (aggregate_type = 'sku' and aggregate_id = ${variant.sku})`);
    const recorded = new Map(
      [
        ...inObjects,
        ...moved.map((row) => ({ ...row, aggregate: { type: row.aggregateType, id: row.aggregateId } })),
      ].map((event) => [event.id, event]),
    );
    const types = new Set([...recorded.values()].map((event) => event.type));
    expect(types).toEqual(new Set(['CartAbandoned', 'InventoryUpdated']));
    for (const event of recorded.values()) {
      expectTrueToItsSchema(event);
      expect(event.aggregate.type).toBe(EVENT_AGGREGATES[event.type as EventType]);
    }
  });
});
