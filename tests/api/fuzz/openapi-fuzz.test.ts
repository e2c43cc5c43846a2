import { env, exports } from 'cloudflare:workers';
import { productSearchDocument, schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import { createApp } from '../../../workers/api/src/app';
import { EXAMPLE_VARIANT_ID } from '../../../workers/api/src/carts/example';
import { testCredentials } from '../../setup/integration-credentials';
import { API_ORIGIN, adminRequest, postWithKey, withDatabase } from '../catalog/catalog-test-kit';
import { SECRETS } from './credentials';
import {
  type FuzzTarget,
  formatFinding,
  KnownValues,
  OperationFuzzer,
  type OperationReport,
} from './fuzz-run';
import {
  FORM_OPERATIONS,
  isSecured,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  resolverFor,
  routedOperations,
} from './openapi-operations';

// The API's own fuzz suite, driven by /openapi.json: every operation is called with a valid
// baseline, under missing, bogus and wrong credentials, and with one-field mutations of its
// input derived from its schemas (control characters, lone surrogates, bounds and past them,
// wrong types, deep nesting, unknown fields, malformed bodies), and, on every writing route,
// with each server-owned field (id, owner, status, totals, timestamps, secrets) its request schema
// does not offer, which must be refused with 400 (mass assignment). No answer may be a 5xx, every 4xx
// is a problem, no secured operation admits a caller without its credentials, and none refuses
// the credentials it documents whatever the input. Baselines are found in document order (route
// registration order), all before any mutation, so creating routes run before the routes that
// read what they created, and earlier answers give later baselines their ids.
//
// Bounded for CI: CASES_PER_OPERATION mutations per operation, picked for breadth with a fixed
// seed, so every run sends the same cases. To explore, change the seed or raise the count (every
// case of every operation: about 3,400 requests, under a minute).
const SEED = 20_261_122;
const CASES_PER_OPERATION = 80;

// Form-bodied operations are walked by the suites FORM_OPERATIONS names.
const ROUTED = routedOperations(createApp()).filter((label) => !(label in FORM_OPERATIONS));
const reports: OperationReport[] = [];
let operations: Operation[] = [];
/** Per operation, its fuzzer with a baseline, or why no baseline could be built. */
const prepared = new Map<string, OperationFuzzer | Error>();
const started = Date.now();

beforeAll(async () => {
  // Markets are configuration no route writes; storefront reads answer 400 unsupported_currency
  // without them (the storefront fixtures insert the same rows).
  await withDatabase((db) => db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing());
  await seedCartExamples();
  const response = await exports.default.fetch(`${API_ORIGIN}/openapi.json`);
  expect(response.status).toBe(200);
  const document = await response.json<OpenApiDocument>();
  operations = operationsOf(document);
  const configured = Number((env as unknown as Record<string, string | undefined>).MAX_BODY_BYTES);
  const target: FuzzTarget = {
    send: (request) => exports.default.fetch(request),
    origin: API_ORIGIN,
    resolve: resolverFor(document),
    operations,
    known: new KnownValues(),
    secrets: SECRETS,
    maxBodyBytes: Number.isFinite(configured) && configured > 0 ? configured : 1_048_576,
    seed: SEED,
    casesPerOperation: CASES_PER_OPERATION,
  };
  // Every baseline before any mutation: a mutation that succeeds (a PATCH giving a product
  // options) must not spoil the baseline of an operation after it (creating a variant).
  // Deletions last: their baselines remove what later baselines name (a cart line that the
  // cart's pricing routes need), and a path's methods come in the document in no useful order.
  // Checkout closes its cart: it comes after everything else, on a cart of its own that the
  // cart baselines open and fill again; then a fresh cart is opened for the mutations that follow.
  const order = (operation: (typeof operations)[number]) =>
    CLOSING.includes(operation.label)
      ? 2 + CLOSING.indexOf(operation.label) / CLOSING.length
      : operation.method === 'DELETE'
        ? 1
        : ON_AN_ACCOUNT.includes(operation.label)
          ? 0.5
          : 0;
  // Ids no answer of the walk carries, or that examples sent since named falsely: a real one of
  // each, recorded just before the operations that name it.
  const recordLatest = async (name: string, query: ReturnType<typeof sql>) => {
    const { rows } = await withDatabase((db) => db.execute<{ id: string }>(query));
    if (rows[0])
      target.known.record(operations[0] as (typeof operations)[number], {}, { [name]: rows[0].id });
  };
  const sorted = [...operations].sort((a, b) => order(a) - order(b));
  const byLabel = new Map(operations.map((operation) => [operation.label, operation]));
  const again = async (label: string) => {
    const operation = byLabel.get(label);
    if (operation) await new OperationFuzzer(operation, target).prepare().catch(() => {});
  };
  for (const operation of sorted) {
    if (operation.label === CLOSING[0]) for (const label of CART_FOR_CHECKOUT) await again(label);
    // The warehouse ships, and the shopper cancels, an order nobody cancelled: a new one each,
    // checked out as before.
    if (ON_A_NEW_ORDER.includes(operation.label))
      for (const label of [...CART_FOR_CHECKOUT, ...CLOSING.slice(0, 2)]) await again(label);
    // Only a delivered order comes back: the warehouse ships the rest of the shipments
    // baseline's order and delivers every parcel of it.
    if (operation.label === RETURN) await deliverInFull(target.known.reference('orderId'));
    if (operation.label === 'GET /v1/admin/events/{eventId}')
      await recordLatest('eventId', sql`select id from outbox_events order by sequence desc limit 1`);
    if (ON_AN_ACCOUNT.includes(operation.label))
      await recordLatest(
        'customerId',
        sql`select id from customers where deleted_at is null order by created_at desc limit 1`,
      );
    const fuzzer = new OperationFuzzer(operation, target);
    try {
      await fuzzer.prepare();
      prepared.set(operation.label, fuzzer);
    } catch (error) {
      prepared.set(operation.label, error instanceof Error ? error : new Error(String(error)));
    }
  }
  await again('POST /v1/carts');
}, 120_000);

/** Operations whose success closes the cart they act on (or its order), in the order they come. */
const CLOSING = [
  'POST /v1/carts/{cartId}/checkout',
  'POST /v1/carts/{cartId}/complete',
  'GET /v1/orders/{orderId}',
  'GET /v1/admin/orders/{orderId}',
  'POST /v1/admin/orders/{orderId}/release',
  'POST /v1/admin/orders/{orderId}/refunds',
  'POST /v1/admin/orders/{orderId}/cancel',
  'POST /v1/integrations/wms/shipments',
  'POST /v1/admin/orders/{orderId}/return',
  'POST /v1/orders/{orderId}/cancel',
];

const RETURN = 'POST /v1/admin/orders/{orderId}/return';

/** What the WMS would report of an order until it is delivered: its remaining lines, then arrivals. */
async function deliverInFull(orderId: string | undefined): Promise<void> {
  if (orderId === undefined) return;
  const wms = (body: unknown) =>
    postWithKey('/v1/integrations/wms/shipments', body, { key: testCredentials.wmsPartnerKey });
  const read = async () =>
    (await adminRequest('GET', `/v1/admin/orders/${orderId}`)).json<{
      lines: { sku: string; quantity: number; id: string }[];
      shipments: { lines: { lineId: string; quantity: number }[] }[];
    }>();
  const order = await read();
  const shipped = (lineId: string) =>
    order.shipments
      .flatMap((parcel) => parcel.lines)
      .filter((line) => line.lineId === lineId)
      .reduce((sum, line) => sum + line.quantity, 0);
  const rest = order.lines
    .map((line) => ({ sku: line.sku, quantity: line.quantity - shipped(line.id) }))
    .filter((line) => line.quantity > 0);
  if (rest.length > 0) {
    const parcel = {
      status: 'shipped',
      shipmentId: `FUZZ-${Date.now()}`,
      orderId,
      carrier: 'DHL',
      trackingNumber: '1',
      location: 'fuzz',
      lines: rest,
    };
    expect((await wms(parcel)).status).toBe(200);
  }
  const answer = await adminRequest('GET', `/v1/admin/orders/${orderId}`);
  const { rows } = await withDatabase((db) =>
    db.execute<{ wms: string }>(
      sql`select wms_shipment_id as wms from shipments where order_id = ${orderId}`,
    ),
  );
  for (const row of rows) expect((await wms({ status: 'delivered', shipmentId: row.wms })).status).toBe(200);
  expect((await answer.json<{ status: string }>()).status).toBe('shipped');
}

/** The CRM's routes name a customer: they come once the walk has registered one. */
const ON_AN_ACCOUNT = [
  'POST /v1/integrations/crm/profiles',
  'POST /v1/integrations/crm/tickets',
  'GET /v1/integrations/crm/customers/{customerId}/orders',
];

/** Closing operations that need an order of their own, placed just before them. */
const ON_A_NEW_ORDER = ['POST /v1/integrations/wms/shipments', 'POST /v1/orders/{orderId}/cancel'];

/** What makes a new cart ready to check out, as the walk's own baselines do it. */
const CART_FOR_CHECKOUT = [
  'POST /v1/carts',
  'POST /v1/carts/{cartId}/lines',
  'PUT /v1/carts/{cartId}/shipping-address',
  'PUT /v1/carts/{cartId}/shipping-method',
];

/**
 * What the cart examples name, made real: the example variant, priced in USD and stocked, and
 * the example code SUMMER10. Carts are opened by the walk itself (their tokens are learned from
 * the answers), so the cart routes get baselines that succeed.
 */
async function seedCartExamples(): Promise<void> {
  const sku = 'FUZZ-CART-EXAMPLE';
  await withDatabase(async (db) => {
    await db
      .insert(schema.products)
      .values({
        id: 'prod_fuzzcartexample',
        handle: 'fuzz-cart-example',
        title: 'Fuzz cart example',
        status: 'active',
        searchDocument: productSearchDocument({
          title: 'Fuzz cart example',
          vendor: null,
          tags: [],
          description: '',
        }),
        pimVersion: 1,
      })
      .onConflictDoNothing();
    await db
      .insert(schema.variants)
      .values({
        id: EXAMPLE_VARIANT_ID,
        productId: 'prod_fuzzcartexample',
        sku,
        title: 'One size',
        pimVersion: 1,
      })
      .onConflictDoNothing();
    await db
      .insert(schema.prices)
      .values({
        id: 'price_fuzzcartexample',
        variantId: EXAMPLE_VARIANT_ID,
        currency: 'USD',
        amount: 1_000,
        pimVersion: 1,
      })
      .onConflictDoNothing();
    await db
      .insert(schema.promotions)
      .values({ id: 'promo_fuzzsummer10', code: 'SUMMER10', kind: 'percentage', percentOff: 1_000 })
      .onConflictDoNothing();
  });
  await env.INVENTORY.getByName(sku).recordLevel({ sku, location: 'fuzz', onHand: 1_000_000, sequence: 1 });
}

afterAll(() => {
  const requests = reports.reduce((sum, report) => sum + report.requests, 0);
  const statuses: Record<number, number> = {};
  for (const report of reports) {
    for (const [status, count] of Object.entries(report.statuses)) {
      statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
    }
  }
  console.log(
    `[fuzz] ${reports.length} operations, ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(seed ${SEED}, ${CASES_PER_OPERATION} mutations per operation); statuses ${JSON.stringify(statuses)}; ` +
      `baselines ${reports.map((report) => `${report.operation} → ${report.baselineStatus}${report.baselineCode ? ` ${report.baselineCode}` : ''}`).join(', ')}`,
  );
});

describe('the fuzz walk', () => {
  it('finds every operation of the route table in /openapi.json, so none is skipped', () => {
    expect(ROUTED.length).toBeGreaterThan(0);
    const documented = new Set(operations.map((operation) => operation.label));
    const missing = ROUTED.filter((label) => !documented.has(label));
    expect(missing, `routed but missing from /openapi.json, so never fuzzed: ${missing.join(', ')}`).toEqual(
      [],
    );
    expect(operations.length).toBeGreaterThanOrEqual(ROUTED.length);
  });
});

describe('every operation under fuzzed input', { timeout: 120_000 }, () => {
  it.each(ROUTED)(
    '%s: no 5xx, every 4xx a problem, no stack or secret, and no 2xx without its credentials',
    async (label) => {
      const fuzzer = prepared.get(label);
      if (fuzzer === undefined) throw new Error(`${label} is routed but /openapi.json does not list it`);
      if (fuzzer instanceof Error) throw fuzzer;
      const { operation } = fuzzer;
      const report = await fuzzer.fuzz();
      reports.push(report);
      if (report.findings.length > 0) {
        const shown = report.findings.slice(0, 5).map(formatFinding).join('\n\n');
        const more = report.findings.length > 5 ? `\n\n…and ${report.findings.length - 5} more` : '';
        expect.fail(
          `${report.findings.length} of ${report.requests} answers broke the invariants (seed ${SEED}):\n\n${shown}${more}`,
        );
      }
      if (isSecured(operation)) {
        // Refusals prove a door only if the same request with the right key gets through.
        expect(
          report.baselineStatus,
          `${label}: the baseline with valid credentials answered ${report.baselineStatus} ${report.baselineCode ?? ''}, ` +
            'so the credential checks prove nothing; give its schema examples that name real resources',
        ).toBeLessThan(300);
      }
    },
  );
});
