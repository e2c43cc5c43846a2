import { createDatabase, events } from '@edge-commerce/db';
import type { Config } from '../config';
import { describeError, log } from '../log';
import { relayPendingEvents } from './relay';

/** A Durable Object's own outbox, as its ledger keeps it. */
export interface ObjectOutbox {
  outbox(limit?: number): events.ObjectEvent[];
  /** The events reached Postgres: forget them. */
  relayed(ids: readonly string[]): void;
}

const PAGE_SIZE = 100;

/**
 * Moves a Durable Object's outbox into Postgres's (ADR 33), oldest first, then kicks the relay,
 * so its events are published, tracked and replayed like every other. Each page is appended,
 * then forgotten by the object: a drain that dies in between appends the page again, and the
 * outbox skips what it has. Answers how many events moved; throws when Postgres is out of reach
 * (the object keeps them and tries again from its alarm).
 */
export async function drainObjectOutbox(outbox: ObjectOutbox, config: Config): Promise<number> {
  let pending = outbox.outbox(PAGE_SIZE);
  if (pending.length === 0) return 0;
  const handle = createDatabase({ url: config.DATABASE_URL, localWebSocketProxy: config.DATABASE_WS_PROXY });
  let moved = 0;
  try {
    while (pending.length > 0) {
      await events.appendObjectEvents(handle.db, pending);
      outbox.relayed(pending.map((event) => event.id));
      moved += pending.length;
      pending = pending.length < PAGE_SIZE ? [] : outbox.outbox(PAGE_SIZE);
    }
    // Published now rather than at the next kick or cron minute; if this fails, they will be then.
    await relayPendingEvents({ db: handle.db, config }).catch((error: unknown) =>
      log('warn', 'could not relay after draining an object outbox', { error: describeError(error) }),
    );
  } finally {
    await handle.close().catch(() => {});
  }
  return moved;
}

/** How long an object waits before trying its outbox again: 10 s, doubling, at most 10 minutes. */
export function outboxRetryDelayMs(failures: number): number {
  return Math.min(600_000, 10_000 * 2 ** Math.max(0, failures - 1));
}
