import type { PGlite } from '@electric-sql/pglite';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

// Extended-protocol messages that leave a sequence open until the client's Sync: Parse, Bind,
// Describe, Execute, Close, Flush. Their state (the unnamed statement and portal) lives in the
// one PGlite session that every connection shares.
const OPENS_SEQUENCE = new Set([...'PBDECH'].map((type) => type.charCodeAt(0)));

/**
 * The statement queue behind pglite-socket, replacing its own. pglite-socket keeps one
 * connection's messages together only inside a transaction, so outside one a second
 * connection's Parse can land between a client's Parse and its Execute and the client runs the
 * other's statement; and after a failed message its queue stops for good. This queue serves
 * the same connection until its Sync (or, inside a transaction, until the transaction ends),
 * and carries on after a failure.
 */
export class ConnectionAffineQueryQueue {
  private queue: QueuedMessage[] = [];
  private processing = false;
  /** The connection mid-sequence, which must be served before anyone else. */
  private sequenceOwner: number | null = null;
  private lastHandlerId: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('Handler disconnected'));
      return false;
    });
    if (this.sequenceOwner === handlerId) this.sequenceOwner = null;
    void this.process();
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.db.isInTransaction() && this.lastHandlerId === handlerId) {
      await this.db.exec('ROLLBACK');
      this.lastHandlerId = null;
    }
    void this.process();
  }

  private next(): QueuedMessage | undefined {
    const owner = this.sequenceOwner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
    if (owner === null) return this.queue.shift();
    // The owner's next message may not have arrived yet: then nobody else may go first.
    const index = this.queue.findIndex((item) => item.handlerId === owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
          this.lastHandlerId = current.handlerId;
          this.sequenceOwner = OPENS_SEQUENCE.has(current.message[0] ?? 0) ? current.handlerId : null;
          current.resolve(bytes);
        } catch (error) {
          this.sequenceOwner = null;
          current.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  }
}
