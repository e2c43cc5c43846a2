import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@edge-commerce/db';
import { newId, type OrderCreatedData } from '@edge-commerce/domain';
import { sql } from 'drizzle-orm';
import type { PartnerName } from '../partners/server';
import type { Latencies } from './checkout-flow';
import { percentile } from './measure';
import type { RelayStandIns } from './relay-process';
import {
  deliverTitles,
  type ProductTitle,
  prepareRelayProducts,
  relayProductHandles,
  type WriteRecord,
} from './relay-writes';

// Issue 12: a backlog of 10,000 events published at ≥ 1,000/s; latency at a steady 100 events/s.
export const BACKLOG_EVENTS = 10_000;
export const STEADY_EVENTS_PER_SECOND = 100;
/**
 * Products per PIM delivery in the steady part: 20 deliveries a second. One write per event (an
 * admin edit each) is more than this 2-core machine's API takes beside everything else it runs:
 * measured, about 45 edits/s, so the relay would be timed behind a queue of writes.
 */
export const STEADY_EVENTS_PER_WRITE = 5;
/** What the backlog's events are, and who takes them: the analytics partner, unordered. */
export const BACKLOG_EVENT_TYPE = 'OrderCreated';
/** What a PIM product delivery records, routed to the PIM partner. */
export const STEADY_EVENT_TYPE = 'ProductUpdated';
const STEADY_PARTNER: PartnerName = 'pim';

// The backlog goes in a few statements of about 2 MB each rather than one of 11 MB.
const INSERT_ROWS_PER_STATEMENT = 2_000;
const POLL_MS = 100;
// One relay run stops after a 20 s budget, and only a kick (a write) or the cron starts the next:
// a backlog that has not moved for this long gets a kick, as the next write would give it.
const STALL_KICK_MS = 1_000;
const BACKLOG_TIMEOUT_MS = 180_000;
// After the last write or the last row published, how long arrivals may take before the run
// reports what is missing rather than wait on.
const ARRIVAL_TIMEOUT_MS = 30_000;
// An open-loop writer must not pile up requests without bound when the API falls behind.
const MAX_WRITES_IN_FLIGHT = 64;
// The steady writes cycle over groups of STEADY_EVENTS_PER_WRITE products, each group written
// once a second: a delivery that takes under a second never meets the next one of its products,
// whose higher version would make it stale.
const RELAY_PRODUCTS = STEADY_EVENTS_PER_SECOND;

/** The relay's destinations in one Worker instance: one EVENT_ROUTES each (api-relay, api-relay-fanout). */
export interface RelayTarget {
  /** The instance's service name in workerd (`api-relay`). */
  name: string;
  /** The instance's URL: it relays with these routes. */
  url: string;
  /** Partners the backlog's events go to. */
  backlogPartners: readonly PartnerName[];
}

/**
 * The EVENT_ROUTES of a relay instance: the backlog's type to each of `backlogPartners` (the WMS
 * ordered, as the local stack routes it: a flow-control key per order), and product changes to
 * the PIM partner.
 */
export function relayEventRoutes(partnersUrl: string, backlogPartners: readonly PartnerName[]) {
  return {
    [STEADY_PARTNER]: { url: `${partnersUrl}/${STEADY_PARTNER}/events`, events: [STEADY_EVENT_TYPE] },
    ...Object.fromEntries(
      backlogPartners.map((partner) => [
        partner,
        {
          url: `${partnersUrl}/${partner}/events`,
          events: [BACKLOG_EVENT_TYPE],
          ...(partner === 'wms' ? { ordered: true } : {}),
        },
      ]),
    ),
  };
}

/** The backlog published from one instance's routes. */
export interface BacklogMeasurement {
  events: number;
  partners: PartnerName[];
  /** From the first kick to the last of the backlog's rows marked published (`published_at`). */
  publishSeconds: number;
  eventsPerSecond: number;
  /** Rows left unpublished when the run gave up (0 when it finished). */
  unpublished: number;
  /** Writes that started a relay run: the first, and one each time the backlog stalled. */
  kicks: number;
  /** From the first kick to the first page marked published: the kick's own delay. */
  firstPageMs: number | null;
  /** Distinct `published_at` instants: the relay marks each page in one statement. */
  pages: number;
  /** Between two pages' marks: one page's select, batch publish and mark. */
  pageMs: Latencies;
  /** From the first kick until every partner had received every event (null if one never did). */
  deliveredSeconds: number | null;
  /** Events each partner received per second of that. */
  deliveredPerSecond: number | null;
  /** The fewest events any partner received. */
  delivered: number;
  /** Every delivery the partners saw, by outcome (`applied`, `duplicate`, `failed`…). */
  outcomes: Record<string, number>;
  deadLetters: number;
}

/** PIM deliveries at a steady event rate, each product's `ProductUpdated` timed to the PIM partner. */
export interface SteadyMeasurement {
  eventsPerSecondAsked: number;
  /** Events per delivery. */
  eventsPerWrite: number;
  /** The events' rate as sent: below the asked rate when the API could not keep up. */
  eventsPerSecondSent: number;
  seconds: number;
  /** Events sent (one per product of each delivery). */
  writes: number;
  /** Events whose delivery answered 200 with the product changed: each recorded one event. */
  ok: number;
  /** The others, by what they got (`500`, `stale`, `no answer`). */
  failures: Record<string, number>;
  /** The deliveries' own response times. */
  writeMs: Latencies;
  /** Events of answered writes that reached the partner, and those that did not in time. */
  arrived: number;
  missing: number;
  /** From the write's answer (after its commit) to the partner's receipt. */
  responseToReceipt: Latencies;
  /** From the event's `occurred_at` (its transaction's start, before the commit) to the receipt. */
  occurredToReceipt: Latencies;
  /**
   * From `occurred_at` to its row marked published, which the relay does once QStash took the
   * page: the write's own transaction, the wait for a relay pass and the batch publish. (The
   * partner often has the event before the mark: QStash delivers while the relay marks.)
   */
  occurredToMarked: Latencies;
  /** SQL statements of the first delivery, from its Server-Timing header. */
  writeStatements: number | null;
  /** Events of the writes still unpublished once arrivals stopped (a kick lost, a relay failed). */
  unmarked: number;
  /** Every delivery the partner saw while measured (warm-up included), by outcome. */
  outcomes: Record<string, number>;
}

export interface RelayMeasurement {
  backlogs: BacklogMeasurement[];
  steady: SteadyMeasurement;
  /** Pending events of other points marked published unpublished first, so only ours were relayed. */
  settledBeforehand: number;
}

export interface RelayFlowOptions {
  db: Database;
  standIns: RelayStandIns;
  /** Serves the writes of the steady part (its routes send them to the PIM partner). */
  steady: RelayTarget;
  /** One backlog per target, each with its routes. */
  backlogs: readonly RelayTarget[];
  /** Where the products are created (an instance that relays nothing). */
  apiUrl: string;
  /** Signs the PIM deliveries, as QStash signs the PIM's. */
  signingKey: string;
  warmupSeconds: number;
  seconds: number;
  progress: (line: string) => void;
  /** Around each measured part, named `<instance>-<part>` (a CPU profile, with --profile). */
  around?: <T>(target: RelayTarget, part: 'backlog' | 'steady', work: () => Promise<T>) => Promise<T>;
}

/**
 * Issue 12's relay figures, through the production path: events recorded in `outbox_events`,
 * published by the Worker's relay (kicked by a write, as after any commit) with the real SDK to
 * the QStash stand-in, which delivers them, signed, to the local partners. First a backlog of
 * 10,000 events per target; then PIM deliveries at a steady event rate, each event timed from
 * its write to the partner's receipt.
 */
export async function measureRelayFlow(options: RelayFlowOptions): Promise<RelayMeasurement> {
  const { db, progress } = options;
  const productIds = await prepareRelayProducts(options.apiUrl, options.signingKey, RELAY_PRODUCTS);
  const handles = relayProductHandles(RELAY_PRODUCTS);
  const write = (url: string) => async (products: readonly ProductTitle[]) =>
    (await deliverTitles(url, options.signingKey, products)).records;
  let settledBeforehand = 0;
  const backlogs: BacklogMeasurement[] = [];
  for (const target of options.backlogs) {
    settledBeforehand += await settleOutbox(db);
    await options.standIns.reset();
    progress(
      `Relay: ${BACKLOG_EVENTS} pending ${BACKLOG_EVENT_TYPE} events for ${target.backlogPartners.join(' and ')}…`,
    );
    // The kick: a one-product PIM delivery, as any write that commits kicks the relay.
    const kick = write(target.url);
    const run = () =>
      publishBacklog(db, options.standIns, target.backlogPartners, async (count) => {
        const [answer] = await kick([
          { handle: handles[0] ?? '', title: `Bench relay kick ${Date.now()} ${count}` },
        ]);
        if (answer?.status !== 200)
          throw new Error(`The relay's kick answered ${answer?.status ?? 'nothing'}.`);
      });
    const measured = await (options.around ? options.around(target, 'backlog', run) : run());
    backlogs.push(measured);
    progress(
      `  relay backlog → ${target.backlogPartners.join(', ')}: ${Math.floor(measured.eventsPerSecond)} events/s published, ` +
        `${measured.deliveredPerSecond === null ? 'not all' : Math.round(measured.deliveredPerSecond)} delivered/s, ${measured.kicks} kicks`,
    );
  }

  settledBeforehand += await settleOutbox(db);
  await options.standIns.reset();
  progress(
    `Relay: ${STEADY_EVENTS_PER_SECOND} ProductUpdated events/s (PIM deliveries of ${STEADY_EVENTS_PER_WRITE}) for ${options.seconds} s…`,
  );
  const steadyWrite = write(options.steady.url);
  if (options.warmupSeconds > 0)
    await steadyWrites(steadyWrite, handles, `Bench relay warm-up ${Date.now()}`, options.warmupSeconds);
  const steadyRun = () =>
    measureSteady(db, options.standIns, steadyWrite, handles, productIds, options.seconds);
  const steady = await (options.around ? options.around(options.steady, 'steady', steadyRun) : steadyRun());
  progress(
    `  relay steady: ${steady.arrived}/${steady.ok} arrived, p50 ${steady.responseToReceipt.p50Ms.toFixed(1)} ms, ` +
      `p99 ${steady.responseToReceipt.p99Ms.toFixed(1)} ms from the write's answer`,
  );
  return { backlogs, steady, settledBeforehand };
}

/**
 * Marks every pending event published without publishing it: what other points recorded (orders,
 * PIM writes) through instances that relay nothing, so the relay measured publishes only ours.
 */
async function settleOutbox(db: Database): Promise<number> {
  const { rows } = await db.execute<{ settled: number }>(sql`
    with marked as (update outbox_events set published_at = now() where published_at is null returning 1)
    select count(*)::int as settled from marked`);
  return rows[0]?.settled ?? 0;
}

/** `OrderCreated` v1 data of about a kilobyte (two lines), for order number `index`. */
export function orderCreatedData(index: number, placedAt: Date): OrderCreatedData {
  const line = (sku: string, title: string, unitPrice: number, quantity: number) => ({
    lineId: newId('orderLine'),
    variantId: newId('variant'),
    sku,
    title,
    variantTitle: 'Blue / M',
    quantity,
    unitPrice,
    discount: 0,
    tax: Math.round(unitPrice * quantity * 0.0725),
    total: unitPrice * quantity,
  });
  const lines = [
    line('BENCH-RELAY-SHIRT-M', 'Linen shirt', 4_900, 2),
    line('BENCH-RELAY-CAP', 'Cotton cap', 1_900, 1),
  ];
  const subtotal = lines.reduce((sum, each) => sum + each.total, 0);
  const tax = lines.reduce((sum, each) => sum + each.tax, 0);
  const digits = String(index).padStart(9, '0');
  return {
    orderId: newId('order'),
    orderNumber: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`,
    cartId: newId('cart'),
    customerId: null,
    email: `bench-relay-${index}@example.com`,
    status: 'paid',
    currency: 'USD',
    market: 'us',
    lines,
    totals: { subtotal, discounts: 0, shipping: 500, tax, grandTotal: subtotal + 500 + tax },
    shippingAddress: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      line1: '1 Infinite Loop',
      city: 'Cupertino',
      region: 'CA',
      postalCode: '95014',
      country: 'US',
    },
    shippingMethod: { id: 'standard', name: 'Standard', amount: 500 },
    placedAt: placedAt.toISOString(),
  };
}

/** Inserts the backlog as pending events of distinct orders; answers their sequence range. */
async function insertBacklog(db: Database, events: number): Promise<{ first: number; last: number }> {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const placedAt = new Date();
  for (let start = 0; start < events; start += INSERT_ROWS_PER_STATEMENT) {
    const rows = Array.from({ length: Math.min(INSERT_ROWS_PER_STATEMENT, events - start) }, (_, offset) => {
      const data = orderCreatedData(start + offset, placedAt);
      return { id: newId('event'), aggregate_id: data.orderId, data };
    });
    const { rows: range } = await db.execute<{ first: string; last: string }>(sql`
      with inserted as (
        insert into outbox_events (id, type, version, aggregate_type, aggregate_id, data)
        select e.id, ${BACKLOG_EVENT_TYPE}, 1, 'order', e.aggregate_id, e.data
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(id text, aggregate_id text, data jsonb)
        returning sequence)
      select min(sequence) as first, max(sequence) as last from inserted`);
    first = Math.min(first, Number(range[0]?.first));
    last = Math.max(last, Number(range[0]?.last));
  }
  return { first, last };
}

async function publishBacklog(
  db: Database,
  standIns: RelayStandIns,
  partners: readonly PartnerName[],
  kick: (count: number) => Promise<void>,
): Promise<BacklogMeasurement> {
  const { first, last } = await insertBacklog(db, BACKLOG_EVENTS);
  try {
    const pendingNow = async () => {
      const { rows } = await db.execute<{ pending: number }>(sql`
        select count(*)::int as pending from outbox_events
        where published_at is null and sequence between ${first} and ${last}`);
      return rows[0]?.pending ?? 0;
    };
    const kickedAt = Date.now();
    let kicks = 1;
    await kick(kicks);
    let pending = BACKLOG_EVENTS;
    let movedAt = Date.now();
    while (pending > 0 && Date.now() - kickedAt < BACKLOG_TIMEOUT_MS) {
      await sleep(POLL_MS);
      const now = await pendingNow();
      if (now < pending) {
        pending = now;
        movedAt = Date.now();
      } else if (Date.now() - movedAt > STALL_KICK_MS) {
        await kick(++kicks);
        movedAt = Date.now();
      }
    }
    const { rows: marks } = await db.execute<{ at: number; events: number }>(sql`
      select extract(epoch from published_at) * 1000 as at, count(*)::int as events from outbox_events
      where published_at is not null and sequence between ${first} and ${last}
      group by published_at order by published_at`);
    const markTimes = marks.map((mark) => Number(mark.at));
    const lastMark = markTimes.at(-1) ?? Date.now();
    const publishSeconds = (lastMark - kickedAt) / 1_000;

    // Each partner's receipts, until every one has every event or arrivals stop for long enough.
    let tallies = await Promise.all(partners.map((partner) => standIns.tally(partner)));
    let arrivedAt = Date.now();
    let fewest = Math.min(...tallies.map((tally) => tally.received));
    while (fewest < BACKLOG_EVENTS && Date.now() - arrivedAt < ARRIVAL_TIMEOUT_MS) {
      await sleep(POLL_MS * 2);
      tallies = await Promise.all(partners.map((partner) => standIns.tally(partner)));
      const now = Math.min(...tallies.map((tally) => tally.received));
      if (now > fewest) arrivedAt = Date.now();
      fewest = now;
    }
    const complete = fewest >= BACKLOG_EVENTS;
    const lastReceipt = Math.max(...tallies.map((tally) => tally.lastReceivedAt ?? 0));
    const deliveredSeconds = complete ? (lastReceipt - kickedAt) / 1_000 : null;
    const outcomes: Record<string, number> = {};
    for (const tally of tallies)
      for (const [outcome, count] of Object.entries(tally.outcomes))
        outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
    const published = BACKLOG_EVENTS - pending;
    return {
      events: BACKLOG_EVENTS,
      partners: [...partners],
      publishSeconds,
      eventsPerSecond: published / publishSeconds,
      unpublished: pending,
      kicks,
      firstPageMs: markTimes[0] === undefined ? null : markTimes[0] - kickedAt,
      pages: markTimes.length,
      pageMs: latencies(markTimes.slice(1).map((at, index) => at - (markTimes[index] ?? at))),
      deliveredSeconds,
      deliveredPerSecond: deliveredSeconds === null ? null : BACKLOG_EVENTS / deliveredSeconds,
      delivered: fewest,
      outcomes,
      deadLetters: Math.max(0, ...tallies.map((tally) => tally.qstashDeadLetters)),
    };
  } finally {
    // The backlog is the bench's own: gone again (its deliveries with it), so the kept database
    // does not grow by 10,000 events a run.
    await db.execute(sql`delete from outbox_events where sequence between ${first} and ${last}`);
  }
}

/**
 * Sends `STEADY_EVENTS_PER_SECOND` events a second for `seconds`, STEADY_EVENTS_PER_WRITE to a
 * delivery, on a fixed schedule (open loop: a slow answer does not delay the next write), cycling
 * over groups of products; each title says which write it was, so its event can be told apart.
 */
async function steadyWrites(
  write: (products: readonly ProductTitle[]) => Promise<WriteRecord[]>,
  handles: readonly string[],
  tag: string,
  seconds: number,
): Promise<{ records: WriteRecord[]; seconds: number }> {
  const records: WriteRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const perWrite = STEADY_EVENTS_PER_WRITE;
  const total = Math.round((STEADY_EVENTS_PER_SECOND / perWrite) * seconds);
  const interval = (1_000 * perWrite) / STEADY_EVENTS_PER_SECOND;
  const groups = Math.floor(handles.length / perWrite);
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const wait = started + index * interval - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(inFlight);
    const first = (index % groups) * perWrite;
    const products = handles
      .slice(first, first + perWrite)
      .map((handle, offset) => ({ handle, title: `${tag} ${index}.${offset}` }));
    const sent: Promise<void> = write(products).then((answered) => {
      records.push(...answered);
      inFlight.delete(sent);
    });
    inFlight.add(sent);
  }
  const sentFor = (performance.now() - started) / 1_000;
  await Promise.all(inFlight);
  return { records, seconds: Math.max(sentFor, seconds) };
}

async function measureSteady(
  db: Database,
  standIns: RelayStandIns,
  write: (products: readonly ProductTitle[]) => Promise<WriteRecord[]>,
  handles: readonly string[],
  productIds: readonly string[],
  seconds: number,
): Promise<SteadyMeasurement> {
  const tag = `Bench relay ${Date.now()}`;
  const startedAt = new Date(Date.now() - 1_000);
  const { records, seconds: sentFor } = await steadyWrites(write, handles, tag, seconds);
  const answered = records.filter((record) => record.status === 200);

  // The events the writes recorded, found by their titles.
  const { rows } = await db.execute<EventTimes & Record<string, unknown>>(sql`
    select id as "eventId", data->>'title' as title,
      extract(epoch from occurred_at) * 1000 as "occurredAt", extract(epoch from published_at) * 1000 as "publishedAt"
    from outbox_events
    where type = ${STEADY_EVENT_TYPE} and aggregate_type = 'product'
      and aggregate_id in (${sql.join(
        productIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      and occurred_at >= ${startedAt.toISOString()}::timestamptz and starts_with(data->>'title', ${`${tag} `})`);
  const events = rows.map((row) => ({
    eventId: row.eventId,
    title: row.title,
    occurredAt: Number(row.occurredAt),
    publishedAt: row.publishedAt === null ? null : Number(row.publishedAt),
  }));

  let receipts = await standIns.receipts(STEADY_PARTNER);
  let arrivedAt = Date.now();
  const wanted = new Set(events.map((event) => event.eventId));
  const arrivedOf = () => receipts.filter((receipt) => wanted.has(receipt.eventId)).length;
  let arrived = arrivedOf();
  while (arrived < answered.length && Date.now() - arrivedAt < ARRIVAL_TIMEOUT_MS) {
    await sleep(POLL_MS * 2);
    receipts = await standIns.receipts(STEADY_PARTNER);
    const now = arrivedOf();
    if (now > arrived) arrivedAt = Date.now();
    arrived = now;
  }
  // Marked published after the first query read them: read their marks again.
  const { rows: marks } = await db.execute<{ eventId: string; publishedAt: number | null }>(sql`
    select id as "eventId", extract(epoch from published_at) * 1000 as "publishedAt" from outbox_events
    where id in (${sql.join(
      events.length > 0 ? events.map((event) => sql`${event.eventId}`) : [sql`null`],
      sql`, `,
    )})`);
  const marked = new Map(
    marks.map((mark) => [mark.eventId, mark.publishedAt === null ? null : Number(mark.publishedAt)]),
  );
  for (const event of events) event.publishedAt = marked.get(event.eventId) ?? null;
  const { outcomes } = await standIns.tally(STEADY_PARTNER);

  const failures: Record<string, number> = {};
  for (const record of records) {
    if (record.status === 200) continue;
    const key = record.status === null ? 'no answer' : String(record.status);
    failures[key] = (failures[key] ?? 0) + 1;
  }
  return {
    eventsPerSecondAsked: STEADY_EVENTS_PER_SECOND,
    eventsPerWrite: STEADY_EVENTS_PER_WRITE,
    eventsPerSecondSent: records.length / sentFor,
    seconds: sentFor,
    writes: records.length,
    ok: answered.length,
    failures,
    writeMs: latencies(records.map((record) => record.ms)),
    writeStatements: answered[0]?.statements ?? null,
    ...matchReceipts(answered, events, receipts),
    unmarked: events.filter((event) => event.publishedAt === null).length,
    outcomes,
  };
}

/** When an event was recorded and marked published (Unix ms), found by its write's title. */
export interface EventTimes {
  eventId: string;
  title: string;
  occurredAt: number;
  publishedAt: number | null;
}

/**
 * Joins each answered write to its event (by title) and the event to the partner's receipt (by
 * id), and sums up the latencies. A write whose event did not arrive is `missing`, never a
 * latency.
 */
export function matchReceipts(
  writes: readonly WriteRecord[],
  events: readonly EventTimes[],
  receipts: readonly { eventId: string; receivedAt: number }[],
): Pick<
  SteadyMeasurement,
  'arrived' | 'missing' | 'responseToReceipt' | 'occurredToReceipt' | 'occurredToMarked'
> {
  const eventOf = new Map(events.map((event) => [event.title, event]));
  const receivedAt = new Map(receipts.map((receipt) => [receipt.eventId, receipt.receivedAt]));
  const responseToReceipt: number[] = [];
  const occurredToReceipt: number[] = [];
  const occurredToMarked: number[] = [];
  for (const write of writes) {
    const event = eventOf.get(write.title);
    const received = event ? receivedAt.get(event.eventId) : undefined;
    if (!event || received === undefined) continue;
    responseToReceipt.push(received - write.answeredAt);
    occurredToReceipt.push(received - event.occurredAt);
    if (event.publishedAt !== null) occurredToMarked.push(event.publishedAt - event.occurredAt);
  }
  return {
    arrived: responseToReceipt.length,
    missing: writes.length - responseToReceipt.length,
    responseToReceipt: latencies(responseToReceipt),
    occurredToReceipt: latencies(occurredToReceipt),
    occurredToMarked: latencies(occurredToMarked),
  };
}

function latencies(values: readonly number[]): Latencies {
  const sorted = Float64Array.from(values).sort();
  return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}
