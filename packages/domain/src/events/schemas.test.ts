import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CART_EVENT_VERSION } from '../cart-events';
import { CATALOG_EVENT_VERSION } from '../catalog-events';
import { CUSTOMER_EVENT_VERSION } from '../identity/customer-events';
import { INVENTORY_EVENT_VERSION } from '../inventory-events';
import { ORDER_EVENT_VERSION } from '../order-events';
import { PAYMENT_EVENT_VERSION } from '../payment-events';
import { EVENT_TYPES, type EventType } from './event-types';
import { eventJsonSchemas, eventSchemaName } from './json-schemas';
import {
  EVENT_AGGREGATES,
  EVENT_SCHEMAS,
  eventDataSchema,
  eventEnvelopeSchema,
  eventVersions,
} from './schemas';
import { EventEnvelopeSchema } from './schemas/envelope';

// The version each type's writers stamp on what they record today: a Record over EventType, so a
// type added to EVENT_TYPES without saying which version it is written at does not compile.
const WRITTEN_VERSION: Record<EventType, number> = {
  ProductUpdated: CATALOG_EVENT_VERSION,
  PriceUpdated: CATALOG_EVENT_VERSION,
  CategoryUpdated: CATALOG_EVENT_VERSION,
  InventoryUpdated: INVENTORY_EVENT_VERSION,
  InventoryShortfallDetected: INVENTORY_EVENT_VERSION,
  CartAbandoned: CART_EVENT_VERSION,
  OrderCreated: ORDER_EVENT_VERSION,
  OrderPaid: ORDER_EVENT_VERSION,
  OrderReleased: ORDER_EVENT_VERSION,
  OrderCancelled: ORDER_EVENT_VERSION,
  OrderRefunded: ORDER_EVENT_VERSION,
  OrderShipped: ORDER_EVENT_VERSION,
  OrderDelivered: ORDER_EVENT_VERSION,
  OrderReturned: ORDER_EVENT_VERSION,
  PaymentRefunded: PAYMENT_EVENT_VERSION,
  CustomerRegistered: CUSTOMER_EVENT_VERSION,
  CustomerUpdated: CUSTOMER_EVENT_VERSION,
  CustomerDeleted: CUSTOMER_EVENT_VERSION,
  CustomerDataExported: CUSTOMER_EVENT_VERSION,
};

type Example = Record<string, unknown>;

/** The example a schema documents (its JSON Schema's `examples`). */
function exampleOf(schema: z.ZodType): Example {
  const [example] = (schema.meta()?.examples ?? []) as Example[];
  if (!example) throw new Error('the schema documents no example');
  return example;
}

const examples = eventVersions().map(({ type, version }) => {
  const schema = eventDataSchema(type, version);
  if (!schema) throw new Error(`${type} v${version} is listed without a schema`);
  return { label: `${type} v${version}`, type, version, schema, example: exampleOf(schema) };
});

describe('the event schema registry', () => {
  it('has a schema for every event type the shop records, at the version its writers stamp', () => {
    const missing = EVENT_TYPES.filter((type) => !eventDataSchema(type, WRITTEN_VERSION[type]));
    expect(missing).toEqual([]);
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(EVENT_AGGREGATES).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('knows nothing of a type or version never written, nor of names an object inherits', () => {
    expect(eventDataSchema('OrderCreated', 2)).toBeUndefined();
    expect(eventDataSchema('OrderPlaced', 1)).toBeUndefined();
    expect(eventDataSchema('toString', 1)).toBeUndefined();
    expect(() => eventEnvelopeSchema('OrderCreated', 99)).toThrow(RangeError);
  });
});

describe.each(examples)('$label', ({ type, version, schema, example }) => {
  it('accepts its documented example, keeping every field of it', () => {
    const parsed = schema.safeParse(example);
    expect(parsed.error).toBeUndefined();
    // Nothing stripped: every field the example has is one the schema declares.
    expect(parsed.data).toEqual(example);
  });

  it('refuses the example without any one of its required fields', () => {
    for (const field of Object.keys(example)) {
      const { [field]: _dropped, ...rest } = example;
      // Optional fields may go; none of the top level is optional today.
      expect(schema.safeParse(rest).success, `without ${field}`).toBe(false);
    }
  });

  it('refuses each field given a value of the wrong kind', () => {
    for (const [field, value] of Object.entries(example)) {
      const wrong = typeof value === 'string' || value === null ? 42 : 'wrong';
      expect(schema.safeParse({ ...example, [field]: wrong }).success, field).toBe(false);
    }
  });

  it('refuses money and counts that are not whole numbers, and times that are not UTC', () => {
    for (const [field, value] of Object.entries(example)) {
      if (typeof value === 'number') {
        expect(schema.safeParse({ ...example, [field]: value + 0.5 }).success, field).toBe(false);
      }
      if (typeof value === 'string' && field.endsWith('At')) {
        const offset = value.replace(/Z$/, '+01:00');
        expect(schema.safeParse({ ...example, [field]: offset }).success, field).toBe(false);
      }
    }
  });

  it('fits in its envelope, which fixes its type, version and aggregate', () => {
    const envelope = {
      id: 'evt_01jdqk3v8m2x7c5r9t4b6n0p1s',
      type,
      version,
      occurredAt: '2026-11-22T10:00:00.000Z',
      sequence: 1042,
      aggregate: { type: EVENT_AGGREGATES[type], id: 'agg_1' },
      data: example,
    };
    const whole = eventEnvelopeSchema(type, version);
    expect(whole.safeParse(envelope).error).toBeUndefined();
    expect(EventEnvelopeSchema.safeParse(envelope).success).toBe(true);
    const otherType = type === 'OrderCreated' ? 'OrderCancelled' : 'OrderCreated';
    expect(whole.safeParse({ ...envelope, type: otherType }).success).toBe(false);
    expect(whole.safeParse({ ...envelope, version: version + 1 }).success).toBe(false);
    expect(whole.safeParse({ ...envelope, aggregate: { type: 'elsewhere', id: 'x' } }).success).toBe(false);
    expect(whole.safeParse({ ...envelope, sequence: 0 }).success).toBe(false);
    expect(whole.safeParse({ ...envelope, id: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s' }).success).toBe(false);
  });
});

describe('the JSON Schema export', () => {
  const schemas = eventJsonSchemas((name) => `#/components/schemas/${name}`);

  it('has an envelope and a data schema per event version, every $ref found among them', () => {
    const names = eventVersions().flatMap((event) => [
      eventSchemaName(event),
      `${eventSchemaName(event)}Data`,
    ]);
    expect(Object.keys(schemas).sort()).toEqual(names.sort());
    const refs = [...JSON.stringify(schemas).matchAll(/"\$ref":"([^"]+)"/g)].map(([, ref]) => ref);
    expect(refs.length).toBe(eventVersions().length);
    for (const ref of refs) expect(Object.keys(schemas)).toContain(ref?.replace('#/components/schemas/', ''));
  });

  it('leaves objects open to fields added within a version, and is plain embeddable draft-07', () => {
    const text = JSON.stringify(schemas);
    expect(text).not.toContain('"additionalProperties":false');
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$id"');
    expect(text).not.toContain('"$defs"');
    expect(schemas.OrderCreatedV1?.properties?.data).toEqual({
      $ref: '#/components/schemas/OrderCreatedV1Data',
    });
  });

  it('carries the descriptions and examples of the zod schemas', () => {
    const data = schemas.PriceUpdatedV1Data;
    expect(data?.description).toMatch(/price window/);
    expect(data?.examples).toEqual([exampleOf(EVENT_SCHEMAS.PriceUpdated[1])]);
    expect(JSON.stringify(data?.properties?.amount)).toMatch(/minor units/);
    expect(data?.properties?.startsAt).toMatchObject({ description: expect.stringMatching(/ISO 8601/) });
  });
});
