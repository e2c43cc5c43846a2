/**
 * Runs async work strictly one piece at a time, in arrival order. A cart change awaits the
 * catalog and the inventory; while it waits, a Durable Object lets the next request in, so
 * without this two changes of one cart could interleave between reading a line and writing it.
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work, work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
