import type { PendingMessage } from './message';

interface KeyState {
  parallelism: number;
  /** Messages of this key being sent right now. */
  active: number;
  /** Messages due but over the limit, in publish order. */
  waiting: PendingMessage[];
}

/**
 * QStash's flow control by parallelism: per `Upstash-Flow-Control-Key`, at most `parallelism`
 * calls in flight; a message due beyond that waits in the key's waitlist. "In flight" is QStash's
 * "active": the call is made and its answer not yet received. A message waiting out its backoff
 * before a retry holds no slot, so a later message of the key may be delivered before that retry:
 * QStash documents FIFO delivery for its Queues (`/v2/enqueue`), not for flow control.
 *
 * The waitlist is served in publish order. QStash says its token handoff does not guarantee even
 * that; the stand-in keeps it, which is the order QStash delivers in when nothing fails.
 */
export class FlowControl {
  private readonly keys = new Map<string, KeyState>();

  /** A key's limit is the one its latest message was published with. */
  configure(key: string, parallelism: number): void {
    const state = this.keys.get(key);
    if (state) state.parallelism = parallelism;
    else this.keys.set(key, { parallelism, active: 0, waiting: [] });
  }

  /**
   * Puts a due message on its key's waitlist, in publish order, and returns what may be sent now:
   * the message itself when its key has a free slot (and nothing published before it waits).
   */
  admit(message: PendingMessage): PendingMessage[] {
    const state = this.stateOf(message);
    if (!state) return [message];
    const at = state.waiting.findIndex((waiting) => waiting.sequence > message.sequence);
    state.waiting.splice(at === -1 ? state.waiting.length : at, 0, message);
    return this.next(state);
  }

  /** Gives the slot back and takes it for the next waiting messages, returned to be sent. */
  release(message: PendingMessage): PendingMessage[] {
    const state = this.stateOf(message);
    if (!state) return [];
    state.active = Math.max(0, state.active - 1);
    return this.next(state);
  }

  /** Takes a message off its waitlist (it was cancelled); returns what may now be sent. */
  withdraw(message: PendingMessage): PendingMessage[] {
    const state = this.stateOf(message);
    if (!state) return [];
    state.waiting = state.waiting.filter((waiting) => waiting !== message);
    return this.next(state);
  }

  /** Empties every waitlist (for `pause`), returning what waited. */
  drain(): PendingMessage[] {
    const drained: PendingMessage[] = [];
    for (const state of this.keys.values()) drained.push(...state.waiting.splice(0));
    return drained;
  }

  private next(state: KeyState): PendingMessage[] {
    const started: PendingMessage[] = [];
    while (state.active < state.parallelism) {
      const message = state.waiting.shift();
      if (!message) break;
      state.active++;
      started.push(message);
    }
    return started;
  }

  private stateOf(message: PendingMessage): KeyState | undefined {
    const key = message.spec.flowControl?.key;
    return key === undefined ? undefined : this.keys.get(key);
  }
}
