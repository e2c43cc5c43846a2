import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { afterResponse } from '../middleware/after-response';
import { relayPendingEvents } from './relay';

// Per isolate: a write that lands while this isolate is relaying asks the running relay for one
// more pass instead of starting another (which would only find the job lease taken).
let relaying = false;
let kickedAgain = false;

/**
 * Publishes the outbox's pending events after the response (ADR 33): the kick after a commit, so
 * a partner hears of a change in moments, not at the next cron minute. The events are recorded
 * already; if this dies, fails or finds another relay running, the every-minute cron publishes them.
 */
export function relaySoon(c: Context<AppEnv>): void {
  const config = c.get('config');
  if (config.QSTASH_TOKEN === undefined || Object.keys(config.EVENT_ROUTES).length === 0) return;
  if (relaying) {
    kickedAgain = true;
    return;
  }
  relaying = true;
  afterResponse(c, 'relay integration events', async (db) => {
    try {
      do {
        kickedAgain = false;
        await relayPendingEvents({ db, config });
      } while (kickedAgain);
    } finally {
      relaying = false;
    }
  });
}
