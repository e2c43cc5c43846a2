/** QStash remembers a deduplication id for 10 minutes (docs: qstash/features/deduplication). */
export const DEDUPLICATION_WINDOW_MS = 10 * 60_000;

/**
 * The deduplication ids seen within the window, each with the message it let through: a publish
 * with one of them is accepted (202) and answered with that message's id, but not enqueued.
 */
export class DeduplicationIds {
  private readonly seen = new Map<string, { messageId: string; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly windowMs = DEDUPLICATION_WINDOW_MS,
  ) {}

  /** The message id an earlier publish with this id got, if within the window. */
  find(deduplicationId: string): string | undefined {
    const earlier = this.seen.get(deduplicationId);
    if (!earlier) return undefined;
    if (this.now() - earlier.at < this.windowMs) return earlier.messageId;
    this.seen.delete(deduplicationId);
    return undefined;
  }

  remember(deduplicationId: string, messageId: string): void {
    this.seen.set(deduplicationId, { messageId, at: this.now() });
  }
}
