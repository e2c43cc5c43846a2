import { promotions } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

// A hold lapses with its checkout's stock (RESERVATION_TTL_SECONDS): a few per minute at most
// in a normal shop. 500 per statement and 10 statements per run drain any backlog without long
// locks on the promotions they give uses back to.
const BATCH_SIZE = 500;
const MAX_BATCHES = 10;

/**
 * Gives back the promotion uses held by checkouts left open past their deadline (ADR 29): a
 * shopper who opened a payment and walked away does not keep a limited code from the others.
 */
export const releaseLapsedPromotionHolds: ScheduledJob = async ({ db }) => {
  let released = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const count = await promotions.releaseLapsedPromotionHolds(db, BATCH_SIZE);
    released += count;
    if (count < BATCH_SIZE) break;
  }
  log('info', 'lapsed promotion holds released', { job: 'release-lapsed-promotion-holds', released });
};
