import type { Clock } from '../storage';

/** A clock tests move by hand, so deadlines pass without waiting. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 10, 22, 10, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
