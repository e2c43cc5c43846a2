import { type FlowPoint, fixed, textTable } from './report';

/** A flow point whose figures must not be read at face value. */
export function hasFlowProblems(point: FlowPoint): boolean {
  return point.errors > 0 || point.unexpectedStatus > 0 || point.completed === 0;
}

/**
 * One row per flow and shopper count. Latencies are of flows that got through only; failures
 * are counted apart. `x 1 shopper` is orders/s against the same flow's one-shopper figure: how
 * far concurrency scales on this machine. The SQL columns read first flow / most of any flow.
 */
export function formatFlowTable(flows: FlowPoint[]): string {
  const header = [
    'flow',
    'shoppers',
    'orders/s',
    'x 1 shopper',
    'flows',
    'checkout p50/p99 ms',
    'complete p50/p99 ms',
    'flow p50/p99 ms',
    'SQL checkout',
    'SQL complete',
    'errors/unexpected',
  ];
  const rows = flows.map((point) => {
    const single = flows.find((other) => other.flow === point.flow && other.shoppers === 1);
    return [
      point.flow,
      String(point.shoppers),
      fixed(point.ordersPerSecond, 1),
      single && single.ordersPerSecond > 0 ? fixed(point.ordersPerSecond / single.ordersPerSecond, 2) : '-',
      String(point.completed),
      `${fixed(point.checkout.p50Ms, 1)}/${fixed(point.checkout.p99Ms, 1)}`,
      `${fixed(point.complete.p50Ms, 1)}/${fixed(point.complete.p99Ms, 1)}`,
      `${fixed(point.wholeFlow.p50Ms, 1)}/${fixed(point.wholeFlow.p99Ms, 1)}`,
      `${point.sqlStatements.checkout.first ?? '-'}/${point.sqlStatements.checkout.max ?? '-'}`,
      `${point.sqlStatements.complete.first ?? '-'}/${point.sqlStatements.complete.max ?? '-'}`,
      `${point.errors}/${point.unexpectedStatus}${hasFlowProblems(point) ? ' !' : ''}`,
    ];
  });
  return textTable(header, rows);
}

/** One line per flow point that failed flows, with what failed and the first answers in full. */
export function describeFlowProblems(flows: FlowPoint[]): string[] {
  return flows.filter(hasFlowProblems).flatMap((point) => [
    `! ${point.flow} with ${point.shoppers} shoppers: ${point.completed} flows completed, ${point.errors} errors, ` +
      `${point.unexpectedStatus} unexpected answers [${
        Object.entries(point.failures)
          .map(([what, count]) => `${what}×${count}`)
          .join(', ') || 'none'
      }]`,
    ...point.failureSamples.map((sample) => `    ${sample}`),
  ]);
}

// Issue 11's figures for Medusa 2.21 measured on this machine, for scale.
const MEDUSA = {
  completionP50Ms: 292,
  flowSeconds: 1.65,
  ordersPerSecond: 0.6,
  concurrent: { shoppers: 8, completionSeconds: '2.2-2.9', ordersPerSecond: 0.5 },
};

/** The checkout's figures beside Medusa's, when the checkout flow ran. */
export function describeCheckoutComparison(flows: FlowPoint[]): string[] {
  const single = flows.find((point) => point.flow === 'checkout' && point.shoppers === 1);
  const most = flows
    .filter((point) => point.flow === 'checkout')
    .reduce<FlowPoint | undefined>(
      (top, point) => (top && top.shoppers >= point.shoppers ? top : point),
      undefined,
    );
  if (!single && !most) return [];
  return [
    `For scale (issue 11), Medusa 2.21 on this machine: completion p50 ${MEDUSA.completionP50Ms} ms, whole flow ` +
      `${MEDUSA.flowSeconds} s (${MEDUSA.ordersPerSecond} orders/s) for one shopper; ` +
      `${MEDUSA.concurrent.completionSeconds} s per completion and about ${MEDUSA.concurrent.ordersPerSecond} orders/s ` +
      `with ${MEDUSA.concurrent.shoppers} shoppers.`,
    ...(single
      ? [
          `Here, one shopper: completion (checkout call) p50 ${fixed(single.checkout.p50Ms, 1)} ms ` +
            `(${fixed(MEDUSA.completionP50Ms / single.checkout.p50Ms, 0)}× less), whole flow p50 ` +
            `${fixed(single.wholeFlow.p50Ms, 1)} ms, ${fixed(single.ordersPerSecond, 1)} orders/s.`,
        ]
      : []),
    ...(most && most !== single
      ? [
          `Here, ${most.shoppers} shoppers: completion p50 ${fixed(most.checkout.p50Ms, 1)} ms, p99 ` +
            `${fixed(most.checkout.p99Ms, 1)} ms, ${fixed(most.ordersPerSecond, 1)} orders/s.`,
        ]
      : []),
  ];
}
