import {
  EVENT_AGGREGATES,
  type EventType,
  type EventVersion,
  eventDataSchema,
  eventJsonSchemas,
  eventSchemaName,
  eventVersions,
  type JsonSchema,
} from '@edge-commerce/domain';

// `/asyncapi.json`: the integration events partners receive (ADR 33), generated from the domain's
// schema registry as /openapi.json is from the routes. A channel per event type, addressed by the
// type's name (the destination URLs are each deployment's EVENT_ROUTES, not part of the
// contract); its messages are the type's versions, each payload the whole envelope.

const DELIVERY = `Every change other systems must hear about is recorded as an event in the same transaction as
the change (a transactional outbox), then published to QStash, which POSTs it as JSON to each
destination whose route takes its type. Each message's payload is one event in its envelope:
\`{ id, type, version, occurredAt, sequence, aggregate: { type, id }, data }\`.

- **Signed**: every delivery carries \`Upstash-Signature\`, a JWT signed with the QStash signing
  keys whose claims name the destination URL and the SHA-256 of the body. Verify it before acting,
  over the raw body as received (read once, as text) and the exact public URL, against the current
  signing key and then the next one (\`Receiver\` from \`@upstash/qstash\` does this and throws on a
  mismatch); answer 401 to one that does not verify.
- **At least once**: QStash retries a delivery not answered with 2xx, with backoff, and then
  keeps it in its dead-letter queue; an event can also be published again after a relay dies, and
  operators replay on purpose. Deduplicate by the envelope's \`id\` (\`evt_…\`), which never
  changes: \`Upstash-Message-Id\` differs on a replay.
- **Ordered by \`sequence\` per aggregate**: \`sequence\` increases in the order events were
  recorded, and one aggregate's events (\`aggregate.type\` and \`aggregate.id\`) in the order its
  changes committed. A destination routed as ordered has one message per aggregate in flight at a
  time, yet a retry can still be overtaken: apply an event only above the highest sequence applied
  for its aggregate, and acknowledge (2xx) an older one as stale.
- **Versioned**: \`version\` versions \`data\`. Within a version fields are only ever added, so
  ignore fields you do not know; a change that is not additive is a new version, a new message of
  the same channel.

Answer 2xx once the event is applied (or known already); anything else is retried.`;

/** The HTTP headers QStash adds to every delivery, as a schema (values are strings). */
const DELIVERY_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    'Upstash-Signature': {
      type: 'string',
      description:
        "A JWT (HS256) signed with the QStash current or next signing key: issuer `Upstash`, subject the destination URL, claim `body` the base64url SHA-256 of the raw body. Verify before reading the body's meaning.",
    },
    'Upstash-Message-Id': {
      type: 'string',
      description:
        "QStash's id of the message: the same on each retry, another on a replay. Deduplicate by the event's `id`, not by this.",
    },
    'Upstash-Retried': {
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'How many deliveries of this message failed before this one.',
    },
  },
  required: ['Upstash-Signature', 'Upstash-Message-Id'],
};

type Aggregate = (typeof EVENT_AGGREGATES)[EventType];

// The event types by family, as tags: what a partner subscribes to comes in these groups.
const FAMILIES = {
  Catalog: 'Products, prices and categories, changed by the PIM or an operator.',
  Inventory: "A SKU's stock, as its InventoryObject keeps it.",
  Carts: 'Shoppers’ carts.',
  Orders: 'An order from its creation to its delivery, return or cancellation.',
  Payments: 'Payments that did not become an order.',
  Customers: 'Shoppers’ accounts, for the CRM and analytics.',
};

const FAMILY_OF: Record<Aggregate, keyof typeof FAMILIES> = {
  product: 'Catalog',
  price: 'Catalog',
  category: 'Catalog',
  sku: 'Inventory',
  cart: 'Carts',
  order: 'Orders',
  payment: 'Payments',
  customer: 'Customers',
};

// Which field of `data` holds the aggregate's id, for the examples' envelopes.
const AGGREGATE_ID_FIELD: Partial<Record<Aggregate, string>> = {
  product: 'productId',
  price: 'priceId',
  category: 'categoryId',
  sku: 'sku',
  cart: 'cartId',
  order: 'orderId',
  customer: 'customerId',
};

const ref = (pointer: string) => ({ $ref: pointer });
const schemaRef = (name: string) => `#/components/schemas/${name}`;

/** An AsyncAPI 3.0 document: the parts this one uses. */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: {
    title: string;
    version: string;
    description: string;
    tags: { name: string; description: string }[];
  };
  defaultContentType: string;
  channels: Record<string, unknown>;
  operations: Record<string, unknown>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, unknown>;
  };
}

/** What a version's `data` means (its schema's description) and its documented example. */
function documentationOf(event: EventVersion): { description: string; example: unknown } {
  const meta = eventDataSchema(event.type, event.version)?.meta();
  const [example] = (meta?.examples ?? []) as unknown[];
  return { description: meta?.description ?? event.type, example };
}

function envelopeExample(event: EventVersion, data: unknown): unknown {
  const aggregate = EVENT_AGGREGATES[event.type];
  const field = AGGREGATE_ID_FIELD[aggregate];
  const id =
    field && typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  return {
    id: 'evt_01jdqk3v8m2x7c5r9t4b6n0p1s',
    type: event.type,
    version: event.version,
    occurredAt: '2026-11-22T10:00:00.000Z',
    sequence: 1042,
    aggregate: { type: aggregate, id: typeof id === 'string' ? id : 'pay_01jdqk3v8m2x7c5r9t4b6n0p1s' },
    data,
  };
}

/**
 * The AsyncAPI 3.0.0 document of the integration events, at the API's `version` (the one
 * /openapi.json carries). Pure: built from the registry, the same for every request.
 */
export function asyncApiDocument(version: string): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const types = [...new Set(eventVersions().map((event) => event.type))];
  for (const type of types) {
    const versions = eventVersions().filter((event) => event.type === type);
    const aggregate = EVENT_AGGREGATES[type];
    const tags = [{ name: FAMILY_OF[aggregate] }];
    for (const event of versions) {
      const { description, example } = documentationOf(event);
      messages[eventSchemaName(event)] = {
        name: type,
        title: `${type} v${event.version}`,
        description,
        contentType: 'application/json',
        headers: ref(schemaRef('QStashDeliveryHeaders')),
        payload: ref(schemaRef(eventSchemaName(event))),
        correlationId: {
          description: 'The event id: the same on every delivery of the event, retries and replays included.',
          location: '$message.payload#/id',
        },
        tags,
        examples: [{ name: eventSchemaName(event), payload: envelopeExample(event, example) }],
      };
    }
    const names = versions.map(eventSchemaName);
    const latest = versions.at(-1);
    const description = `Every \`${type}\` the shop records, aggregate \`${aggregate}\`; one message per version. ${latest ? documentationOf(latest).description : ''}`;
    channels[type] = {
      address: type,
      title: type,
      description,
      messages: Object.fromEntries(names.map((name) => [name, ref(`#/components/messages/${name}`)])),
    };
    operations[`send${type}`] = {
      action: 'send',
      channel: ref(`#/channels/${type}`),
      title: `Send ${type}`,
      summary: `The shop sends ${type} to every destination routed to take it.`,
      description,
      tags,
      messages: names.map((name) => ref(`#/channels/${type}/messages/${name}`)),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'edge-commerce integration events',
      version,
      description: DELIVERY,
      tags: Object.entries(FAMILIES).map(([name, description]) => ({ name, description })),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      schemas: { QStashDeliveryHeaders: DELIVERY_HEADERS, ...eventJsonSchemas(schemaRef) },
      messages,
    },
  };
}
