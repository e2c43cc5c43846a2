/** What a partner did with one delivery. */
export type DeliveryOutcome =
  /** Verified, new: its effect was applied. */
  | 'applied'
  /** Verified, but its event was applied before: acknowledged, nothing applied again. */
  | 'duplicate'
  /** The signature did not verify (forged, for another URL, tampered, expired): 401. */
  | 'refused'
  /** Told to fail (its behaviour): 5xx, so QStash retries. */
  | 'failed'
  /** Verified, but not an event envelope: 400. */
  | 'malformed';

/** One delivery as the partner saw it. */
export interface RecordedDelivery {
  /** QStash's `Upstash-Message-Id`. */
  messageId: string | null;
  /** `Upstash-Retried`: how many times QStash had tried before this attempt. */
  retried: number;
  eventId: string | null;
  type: string | null;
  aggregate: { type: string; id: string } | null;
  outcome: DeliveryOutcome;
  receivedAt: string;
}

/**
 * One partner's record of what reached it. A real consumer dedupes by event id (QStash delivers
 * at least once, and replays send an event again): here the first verified delivery of an event
 * is its one effect, and every later one is a `duplicate`.
 */
export class PartnerInbox {
  readonly deliveries: RecordedDelivery[] = [];
  private readonly applied = new Map<string, RecordedDelivery>();

  record(delivery: Omit<RecordedDelivery, 'receivedAt'>): RecordedDelivery {
    let outcome = delivery.outcome;
    if (outcome === 'applied' && delivery.eventId !== null) {
      if (this.applied.has(delivery.eventId)) outcome = 'duplicate';
    }
    const recorded = { ...delivery, outcome, receivedAt: new Date().toISOString() };
    if (outcome === 'applied' && delivery.eventId !== null) this.applied.set(delivery.eventId, recorded);
    this.deliveries.push(recorded);
    return recorded;
  }

  /** The effects: each event applied once, in the order they were applied. */
  effects(): RecordedDelivery[] {
    return [...this.applied.values()];
  }

  clear(): void {
    this.deliveries.length = 0;
    this.applied.clear();
  }
}
