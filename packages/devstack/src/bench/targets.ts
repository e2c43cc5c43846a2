import { BACKLOG_EVENTS, STEADY_EVENTS_PER_SECOND } from './relay-flow';
import type { BenchPoint, FlowPoint, RelayPoint } from './report';
import { BASELINE, CHECKOUT_FLOW, RELAY_FLOW } from './scenarios';

/** One of an issue's performance targets, checked against the points of this run. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

// Issue 9 (carts): against the baseline route of the same run.
const ADD_TO_CART = 'cart-add';
const HOT_SKU = 'cart-hot-sku';
// Their floors (actor-floor.ts): shown beside each target, so a miss reads against what is possible.
const FLOOR = 'cart-floor';
const HOT_SKU_FLOOR = 'cart-floor-hot-sku';
const AT_CONNECTIONS = 64;
const MIN_RATIO = 0.25;
const MAX_P99_RATIO = 4;
const MIN_RESERVATIONS_PER_SECOND = 1_000;

// Issue 10 (customers): the signed-in account within twice a warm product read's cost.
const ME = 'customer-me';
const WARM_PRODUCT = 'product-warm';
const ME_CONNECTIONS = 16;
const MAX_ME_COST = 2;
const LOGIN = 'login';
const LOGIN_KDF = 'login-kdf';

// Issue 11 (checkout): absolute figures, not ratios: the checkout call is what a shopper waits on.
const COMPLETION_SHOPPERS = 1;
const MAX_COMPLETION_P50_MS = 30;
const THROUGHPUT_SHOPPERS = 16;
const MIN_ORDERS_PER_SECOND = 50;
const MAX_COMPLETION_STATEMENTS = 10;

// Issue 12 (relay): absolute, as the issue states it; the baseline ratios are for reading it.
// Shown rounded down, so that a miss by a fraction never reads as the target itself.
const MIN_RELAY_EVENTS_PER_SECOND = 1_000;
// The steady writes count as steady if they were sent at this share of the asked rate at least.
const MIN_STEADY_SHARE = 0.95;

/**
 * Issue 9's cart targets, issue 10's customer targets, issue 11's checkout targets and issue 12's
 * relay targets, for those whose scenarios or flows ran; none when none did.
 */
export function checkTargets(
  points: BenchPoint[],
  flows: FlowPoint[] = [],
  relay: RelayPoint | null = null,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at = (scenario: string, connections: number) =>
    points.find((point) => point.scenario === scenario && point.connections === connections);
  const add = at(ADD_TO_CART, AT_CONNECTIONS);
  const base = at(BASELINE.name, AT_CONNECTIONS);
  const floor = at(FLOOR, AT_CONNECTIONS);
  if (add && base) {
    const ratio = add.requestsPerSecond / base.requestsPerSecond;
    checks.push({
      target: `${ADD_TO_CART} req/s at ${AT_CONNECTIONS} clients ≥ ${MIN_RATIO} × baseline's`,
      measured:
        `${add.requestsPerSecond.toFixed(0)} / ${base.requestsPerSecond.toFixed(0)} req/s = ${ratio.toFixed(3)}` +
        (floor
          ? `; floor ${floor.requestsPerSecond.toFixed(0)} req/s = ${(floor.requestsPerSecond / base.requestsPerSecond).toFixed(3)}` +
            ` × baseline, cart-add = ${(add.requestsPerSecond / floor.requestsPerSecond).toFixed(2)} × floor`
          : ''),
      pass: ratio >= MIN_RATIO && clean(add),
    });
    const p99Ratio = add.p99Ms / base.p99Ms;
    checks.push({
      target: `${ADD_TO_CART} p99 at ${AT_CONNECTIONS} clients ≤ ${MAX_P99_RATIO} × baseline's`,
      measured:
        `${add.p99Ms.toFixed(2)} / ${base.p99Ms.toFixed(2)} ms = ${p99Ratio.toFixed(1)}×` +
        (floor ? `; floor p99 ${floor.p99Ms.toFixed(2)} ms = ${(floor.p99Ms / base.p99Ms).toFixed(1)}×` : ''),
      pass: p99Ratio <= MAX_P99_RATIO && clean(add),
    });
  }
  const hot = points.find((point) => point.scenario === HOT_SKU);
  const hotFloor = points.find((point) => point.scenario === HOT_SKU_FLOOR);
  if (hot) {
    const refused = hot.statusCounts['409'] ?? 0;
    checks.push({
      target: `${HOT_SKU}: ≥ ${MIN_RESERVATIONS_PER_SECOND} reservations/s (200s only) from ${hot.connections} carts`,
      measured:
        `${hot.expectedPerSecond.toFixed(0)} reservations/s (${refused} refused 409, ` +
        `${hot.unexpectedStatus} other statuses, ${hot.errors} errors)` +
        (hotFloor ? `; floor ${hotFloor.expectedPerSecond.toFixed(0)}/s` : ''),
      pass: hot.expectedPerSecond >= MIN_RESERVATIONS_PER_SECOND,
    });
  }
  const adds = points.filter((point) => point.scenario === ADD_TO_CART);
  if (adds.length > 0) {
    const statements = adds.reduce((sum, point) => sum + point.sqlStatementsTotal, 0);
    const responses = adds.reduce((sum, point) => sum + point.responses, 0);
    const probe = adds[0]?.sqlStatements;
    checks.push({
      target: `${ADD_TO_CART}: no SQL round trip once the catalog is warm`,
      measured:
        `${statements} statements over ${responses} measured adds (${(statements / Math.max(1, responses)).toFixed(4)}/request; ` +
        `probe 1st/2nd ${probe ? probe.join('/') : '-'})`,
      pass: statements === 0 && responses > 0,
    });
  }
  checks.push(...customerTargets(points));
  checks.push(...checkoutTargets(flows));
  if (relay) checks.push(...relayTargets(relay));
  return checks;
}

/**
 * Issue 12: events/s from a backlog of 10,000 (≥ 1,000/s), and the latency from the write to the
 * partner at a steady 100 events/s (reported: the issue sets no bound). Each beside the baseline.
 */
export function relayTargets(relay: RelayPoint): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const base = relay.baseline;
  const count = BACKLOG_EVENTS.toLocaleString('en-US');
  for (const [index, backlog] of relay.backlogs.entries()) {
    const delivered =
      backlog.deliveredPerSecond === null
        ? `only ${backlog.delivered} of ${count} delivered`
        : `delivered ${backlog.deliveredPerSecond.toFixed(0)}/s (every event to each partner in ${backlog.deliveredSeconds?.toFixed(2)} s)`;
    const problems = backlogProblems(backlog);
    checks.push({
      target:
        index === 0
          ? `${RELAY_FLOW.name}: ≥ ${MIN_RELAY_EVENTS_PER_SECOND.toLocaleString('en-US')} events/s published from a backlog of ${count} (to ${backlog.partners.join(', ')})`
          : `${RELAY_FLOW.name}: the same backlog to ${backlog.partners.length} destinations (${backlog.partners.join(', ')}; reported)`,
      measured:
        `${Math.floor(backlog.eventsPerSecond)} events/s (${count} in ${backlog.publishSeconds.toFixed(2)} s, ` +
        `${backlog.pages} pages of p50 ${backlog.pageMs.p50Ms.toFixed(1)} ms / p99 ${backlog.pageMs.p99Ms.toFixed(1)} ms, ` +
        `first page ${backlog.firstPageMs?.toFixed(0) ?? '-'} ms after the kick, ${backlog.kicks} kick(s))` +
        (base
          ? ` = ${(backlog.eventsPerSecond / base.requestsPerSecond).toFixed(3)} × baseline's ${base.requestsPerSecond.toFixed(0)} req/s at ${base.connections} connection(s)`
          : '') +
        `; ${delivered}` +
        (problems.length > 0 ? `; ${problems.join(', ')}` : ''),
      pass: (index > 0 || backlog.eventsPerSecond >= MIN_RELAY_EVENTS_PER_SECOND) && problems.length === 0,
    });
  }
  const steady = relay.steady;
  const latency = (name: string, value: { p50Ms: number; p99Ms: number }) =>
    `${name} p50 ${value.p50Ms.toFixed(1)} ms, p99 ${value.p99Ms.toFixed(1)} ms`;
  const failed = Object.entries(steady.failures)
    .map(([what, times]) => `${what}×${times}`)
    .join(', ');
  checks.push({
    target: `${RELAY_FLOW.name}: commit → partner latency at a steady ${STEADY_EVENTS_PER_SECOND} events/s (reported)`,
    measured:
      `${latency("from the write's answer", steady.responseToReceipt)}` +
      (base
        ? ` (= ${(steady.responseToReceipt.p50Ms / base.p50Ms).toFixed(0)} × baseline's p50 ${base.p50Ms.toFixed(2)} ms)`
        : '') +
      `; ${latency('from occurred_at', steady.occurredToReceipt)} (${latency('to its row marked published', steady.occurredToMarked)}); ` +
      `${steady.arrived}/${steady.ok} arrived; ${steady.eventsPerSecondSent.toFixed(1)} events/s sent over ${steady.seconds.toFixed(1)} s, ` +
      `${latency(`PIM delivery of ${steady.eventsPerWrite}`, steady.writeMs)}, ${steady.writeStatements ?? '-'} SQL statements each` +
      (failed ? `; failed writes ${failed}` : '') +
      (steady.unmarked > 0 ? `; ${steady.unmarked} never published` : '') +
      `; partner deliveries ${Object.entries(steady.outcomes)
        .map(([outcome, times]) => `${outcome}×${times}`)
        .join(', ')}`,
    pass:
      steady.ok > 0 &&
      steady.ok === steady.writes &&
      steady.missing === 0 &&
      steady.eventsPerSecondSent >= STEADY_EVENTS_PER_SECOND * MIN_STEADY_SHARE,
  });
  return checks;
}

/** What makes a backlog's figure not count: rows left, events not delivered, retries or dead letters. */
function backlogProblems(backlog: RelayPoint['backlogs'][number]): string[] {
  const problems: string[] = [];
  if (backlog.unpublished > 0) problems.push(`${backlog.unpublished} left unpublished`);
  if (backlog.deliveredPerSecond === null) problems.push('not every event delivered');
  const others = Object.entries(backlog.outcomes).filter(([outcome]) => outcome !== 'applied');
  if (others.length > 0) problems.push(others.map(([outcome, times]) => `${outcome}×${times}`).join(', '));
  if (backlog.deadLetters > 0) problems.push(`${backlog.deadLetters} in the DLQ`);
  return problems;
}

function checkoutTargets(flows: FlowPoint[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const checkout = flows.filter((point) => point.flow === CHECKOUT_FLOW.name);
  const single = checkout.find((point) => point.shoppers === COMPLETION_SHOPPERS);
  if (single) {
    checks.push({
      target: `${CHECKOUT_FLOW.name}: completion (checkout call) p50 < ${MAX_COMPLETION_P50_MS} ms with ${COMPLETION_SHOPPERS} shopper`,
      measured:
        `p50 ${single.checkout.p50Ms.toFixed(1)} ms, p99 ${single.checkout.p99Ms.toFixed(1)} ms over ${single.completed} flows ` +
        `(${single.errors} errors, ${single.unexpectedStatus} unexpected)`,
      pass: single.checkout.p50Ms < MAX_COMPLETION_P50_MS && flowClean(single),
    });
  }
  const busy = checkout.find((point) => point.shoppers === THROUGHPUT_SHOPPERS);
  if (busy) {
    checks.push({
      target: `${CHECKOUT_FLOW.name}: ≥ ${MIN_ORDERS_PER_SECOND} orders/s with ${THROUGHPUT_SHOPPERS} shoppers`,
      measured:
        `${busy.ordersPerSecond.toFixed(1)} orders/s (${busy.completed} flows in ${busy.seconds.toFixed(1)} s; ` +
        `completion p50 ${busy.checkout.p50Ms.toFixed(1)} ms, p99 ${busy.checkout.p99Ms.toFixed(1)} ms; ` +
        `${busy.errors} errors, ${busy.unexpectedStatus} unexpected)`,
      pass: busy.ordersPerSecond >= MIN_ORDERS_PER_SECOND && flowClean(busy),
    });
  }
  // The most any measured checkout call took, so one costlier flow cannot hide behind the first.
  const counts = checkout.map((point) => point.sqlStatements.checkout.max);
  const known = counts.filter((count): count is number => count !== null);
  if (checkout.length > 0) {
    const most = known.length > 0 ? Math.max(...known) : null;
    const complete = checkout
      .map((point) => point.sqlStatements.complete.max)
      .filter((count): count is number => count !== null);
    checks.push({
      target: `${CHECKOUT_FLOW.name}: ≤ ${MAX_COMPLETION_STATEMENTS} SQL statements in the completion (checkout call)`,
      measured:
        most === null
          ? 'no Server-Timing statement count on any checkout answer'
          : `at most ${most} (first flow ${checkout[0]?.sqlStatements.checkout.first ?? '-'}); ` +
            `the complete call after it at most ${complete.length > 0 ? Math.max(...complete) : '-'}`,
      pass: most !== null && most <= MAX_COMPLETION_STATEMENTS && known.length === counts.length,
    });
  }
  return checks;
}

function customerTargets(points: BenchPoint[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const me = points.find((point) => point.scenario === ME && point.connections === ME_CONNECTIONS);
  const product = points.find(
    (point) => point.scenario === WARM_PRODUCT && point.connections === ME_CONNECTIONS,
  );
  if (me && product) {
    // Cost per request is the inverse of throughput at the same concurrency.
    const cost = product.requestsPerSecond / me.requestsPerSecond;
    checks.push({
      target: `${ME} at ${ME_CONNECTIONS} clients costs ≤ ${MAX_ME_COST} × ${WARM_PRODUCT}`,
      measured:
        `${me.requestsPerSecond.toFixed(0)} vs ${product.requestsPerSecond.toFixed(0)} req/s = ${cost.toFixed(2)}× the cost; ` +
        `p50 ${me.p50Ms.toFixed(2)} vs ${product.p50Ms.toFixed(2)} ms; SQL statements per request ${me.sqlStatements ? me.sqlStatements.join('/') : '-'}`,
      pass: cost <= MAX_ME_COST && clean(me),
    });
  }
  const login = points.find((point) => point.scenario === LOGIN);
  const kdf = points.find((point) => point.scenario === LOGIN_KDF);
  const base = points.find((point) => point.scenario === BASELINE.name && point.connections === 1);
  // The KDF Worker's answer less the hello-world's: the KDF's own time.
  const kdfMs = kdf && base ? kdf.p50Ms - base.p50Ms : undefined;
  if (login) {
    checks.push({
      target: `${LOGIN}: p50 and the KDF's share of it (reported, deliberately slow)`,
      measured:
        `p50 ${login.p50Ms.toFixed(1)} ms, p99 ${login.p99Ms.toFixed(1)} ms at ${login.connections} client(s)` +
        (kdfMs === undefined
          ? ''
          : `; Argon2id alone (login-kdf p50 less the baseline's) ${kdfMs.toFixed(1)} ms = ${((kdfMs / login.p50Ms) * 100).toFixed(0)}% of p50`),
      pass: clean(login),
    });
  }
  return checks;
}

/** A point with errors or other statuses than expected cannot pass a target. */
function clean(point: BenchPoint): boolean {
  return point.errors === 0 && point.unexpectedStatus === 0;
}

/** A flow point with failed flows, or none completed, cannot pass a target. */
function flowClean(point: FlowPoint): boolean {
  return point.errors === 0 && point.unexpectedStatus === 0 && point.completed > 0;
}

export function describeTargets(checks: TargetCheck[]): string[] {
  return checks.map((check) => `${check.pass ? 'PASS' : 'FAIL'}  ${check.target}: ${check.measured}`);
}
