/** What a limiter decided for one request, as the RateLimit-* headers report it. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window that decided ends (RateLimit-Reset, and Retry-After when refused). */
  resetSeconds: number;
}

/** The RateLimit-* fields (API-CONVENTIONS; IETF RateLimit header fields draft) of a decision. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  };
}

interface Window {
  /** Start of the current window, epoch ms, a multiple of the window length. */
  start: number;
  current: number;
  previous: number;
}

/**
 * A sliding-window counter per caller, in this isolate's memory: no network round trip, so it
 * can stand in front of every request, warm reads included. The count is the current fixed
 * window's plus the previous window's weighted by how much of it the sliding window still
 * covers, which smooths the burst a fixed window allows at its edge. Isolates count apart, so
 * the limit is per isolate: the exact, global limits are `strictBucket`'s.
 *
 * Memory is bounded: past `maxCallers`, the caller seen longest ago is forgotten (and starts
 * again from zero, the lenient direction).
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxCallers = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `caller` and says whether it is within the limit. */
  take(caller: string): RateLimitDecision {
    const now = this.now();
    const start = now - (now % this.windowMs);
    let window = this.windows.get(caller);
    if (!window) {
      window = { start, current: 0, previous: 0 };
      this.remember(caller, window);
    } else if (window.start !== start) {
      // Rolled over: the old current window is the previous one only if it was the one just before.
      window.previous = window.start === start - this.windowMs ? window.current : 0;
      window.current = 0;
      window.start = start;
      // Seen again: move to the end, so the forgetting takes callers gone quiet first.
      this.windows.delete(caller);
      this.windows.set(caller, window);
    }
    const elapsed = (now - start) / this.windowMs;
    const weighted = Math.floor(window.previous * (1 - elapsed)) + window.current;
    const resetSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1_000));
    if (weighted >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    }
    window.current++;
    return { allowed: true, limit: this.limit, remaining: this.limit - weighted - 1, resetSeconds };
  }

  private remember(caller: string, window: Window): void {
    if (this.windows.size >= this.maxCallers) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    this.windows.set(caller, window);
  }
}
