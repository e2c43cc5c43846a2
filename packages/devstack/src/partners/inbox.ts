/** What a partner did with one delivery. */
export type DeliveryOutcome =
  /** Verified, new: its effect was applied. */
  | 'applied'
  /** Verified, but its event was applied before: acknowledged, nothing applied again. */
  | 'duplicate'
  /**
   * Verified and new, but older than an event of its aggregate applied already (a retry that was
   * overtaken): acknowledged, not applied over the newer state.
   */
  | 'stale'
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
  /** The envelope's `sequence`: the order its events were recorded in. */
  sequence: number | null;
  aggregate: { type: string; id: string } | null;
  outcome: DeliveryOutcome;
  receivedAt: string;
}

/**
 * One partner's record of what reached it. A real consumer dedupes by event id (QStash delivers
 * at least once, and replays send an event again): here the first verified delivery of an event
 * is its one effect, and every later one is a `duplicate`. It keeps each aggregate's events in
 * order as a consumer that needs them so would: one below the highest sequence applied for its
 * aggregate is `stale`.
 */
export class PartnerInbox {
  readonly deliveries: RecordedDelivery[] = [];
  private readonly applied = new Map<string, RecordedDelivery>();
  private readonly latest = new Map<string, number>();

  record(delivery: Omit<RecordedDelivery, 'receivedAt'>): RecordedDelivery {
    let outcome = delivery.outcome;
    const aggregate = delivery.aggregate ? `${delivery.aggregate.type}/${delivery.aggregate.id}` : null;
    if (outcome === 'applied' && delivery.eventId !== null) {
      if (this.applied.has(delivery.eventId)) outcome = 'duplicate';
      else if (
        aggregate !== null &&
        delivery.sequence !== null &&
        delivery.sequence < (this.latest.get(aggregate) ?? Number.NEGATIVE_INFINITY)
      ) {
        outcome = 'stale';
      }
    }
    const recorded = { ...delivery, outcome, receivedAt: new Date().toISOString() };
    if (outcome === 'applied' && delivery.eventId !== null) {
      this.applied.set(delivery.eventId, recorded);
      if (aggregate !== null && delivery.sequence !== null) this.latest.set(aggregate, delivery.sequence);
    }
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
    this.latest.clear();
  }
}
