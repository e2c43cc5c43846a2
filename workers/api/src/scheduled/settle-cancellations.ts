import { orders } from '@edge-commerce/db';
import { describeError, log } from '../log';
import { settleCancellation } from '../orders/settle-cancellation';
import { withJobLease } from './job-lease';
import type { ScheduledJob } from './scheduled-job';

// A cancellation settles in its own call; the cron only finds those whose Stripe call failed or
// whose Worker died, a handful at most. Each settlement is a Stripe round trip (up to its 10 s
// timeout) and one call per line, so a run stops taking new ones after 25 s, inside its lease.
const BATCH_SIZE = 50;
const BUDGET_MS = 25_000;

/**
 * Refunds and releases the stock of cancelled orders whose cancel call did not finish (ADR 32):
 * nothing keeps a cancelled order's money or stock because Stripe or an InventoryObject was
 * unreachable once. A settlement that fails again is tried later with backoff, and logged.
 */
export const settleCancellations: ScheduledJob = async ({ db, config, inventory }) => {
  await withJobLease(db, 'settle-cancellations', async () => {
    const deadline = Date.now() + BUDGET_MS;
    let settled = 0;
    let failed = 0;
    for (const { orderId, attempts } of await orders.cancellationsDue(db, BATCH_SIZE)) {
      if (Date.now() > deadline) break;
      const order = await orders.readOrder(db, orderId);
      try {
        // The row's foreign key keeps its order; read it anyway rather than trust that.
        if (order) await settleCancellation({ config, db, inventory }, order);
        else await orders.cancellationSettled(db, orderId);
        settled++;
      } catch (error) {
        failed++;
        const reason = describeError(error);
        await orders.cancellationNotSettled(db, orderId, reason);
        log('warn', 'cancellation not settled', {
          job: 'settle-cancellations',
          orderId,
          attempts,
          error: reason,
        });
      }
    }
    log('info', 'cancellations settled', { job: 'settle-cancellations', settled, failed });
  });
};
