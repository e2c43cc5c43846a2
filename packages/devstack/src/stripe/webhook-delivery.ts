import type { EventLog, StripeEvent } from './events';
import type { WebhookEndpoints } from './webhook-endpoints';
import { stripeSignatureHeader } from './webhook-signature';

export interface WebhookDeliveryOptions {
  /** Attempts per event and endpoint, the first included (default 6). Stripe tries for 3 days. */
  maxAttempts?: number;
  /** Wait before the first retry (default 1000 ms), doubling each time up to `maxDelayMs` (default 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long one attempt waits for an answer (default 10 s); longer counts as a failure. */
  timeoutMs?: number;
  /**
   * Chaos: send this share of deliveries twice (true: every one), each copy on its own schedule,
   * as Stripe may. Consumers must dedupe on the event id.
   */
  duplicate?: boolean | number;
  /**
   * Chaos: hold each delivery back a random 0..N ms, so events raised close together arrive in
   * any order, as Stripe does not promise their order.
   */
  shuffleWithinMs?: number;
  /** The source of chance for the chaos knobs (default Math.random); a seeded one makes runs repeatable. */
  random?: () => number;
}

/** One attempt to deliver one event to one endpoint. */
export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** 1 for the first attempt of this copy, 2 for its first retry, … */
  attempt: number;
  /** Which copy: the delivery itself, a chaos duplicate, or one sent again by `redeliver`. */
  copy: 'original' | 'duplicate' | 'resent';
  /** The endpoint's HTTP status, or null when it did not answer. */
  status: number | null;
  error: string | null;
  /** Unix milliseconds. */
  at: number;
}

interface Job {
  event: StripeEvent;
  endpointId: string;
  copy: DeliveryAttempt['copy'];
}

export type ReleaseOrder = 'as-raised' | 'reversed' | 'shuffled';

/**
 * Delivers each event to the endpoints subscribed to it as Stripe does: a signed JSON POST, a 2xx
 * answer within the timeout counts as delivered, anything else is retried with exponential
 * backoff until `maxAttempts`. The chaos knobs and `pause`/`release`/`redeliver` let tests prove
 * that a consumer copes with duplicates and any order.
 */
export class WebhookDelivery {
  readonly attempts: DeliveryAttempt[] = [];
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private held: Job[] | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<AbortController>();
  private readonly delivered = new Set<string>();
  private outstanding = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly events: EventLog,
    private readonly options: WebhookDeliveryOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 6);
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.random = options.random ?? Math.random;
    events.onEvent((event) => this.eventRecorded(event));
  }

  /** Holds every delivery from now on until `release`. */
  pause(): void {
    this.held ??= [];
  }

  /**
   * Sends what `pause` held, one after another in the order asked for (each first attempt
   * answered before the next is sent; retries follow on their own), and stops holding.
   */
  async release(order: ReleaseOrder = 'as-raised'): Promise<number> {
    const jobs = this.held ?? [];
    this.held = undefined;
    if (order === 'reversed') jobs.reverse();
    if (order === 'shuffled') shuffle(jobs, this.random);
    for (const job of jobs) {
      this.outstanding++;
      await this.attempt(job, 1).finally(() => this.settle());
    }
    return jobs.length;
  }

  /** Sends an event again to every endpoint subscribed to it, as the Dashboard's "Resend" does. */
  redeliver(eventId: string): void {
    const event = this.events.retrieve(eventId);
    for (const endpoint of this.endpoints.subscribedTo(event.type))
      this.enqueue({ event, endpointId: endpoint.id, copy: 'resent' });
  }

  /** Resolves once no delivery is waiting for its time or for an answer (held ones aside). */
  idle(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.outstanding = 0;
    this.settle();
  }

  private eventRecorded(event: StripeEvent): void {
    for (const endpoint of this.endpoints.subscribedTo(event.type)) {
      event.pending_webhooks++;
      this.enqueue({ event, endpointId: endpoint.id, copy: 'original' });
      const duplicate = this.options.duplicate ?? false;
      if (duplicate === true || (typeof duplicate === 'number' && this.random() < duplicate))
        this.enqueue({ event, endpointId: endpoint.id, copy: 'duplicate' });
    }
  }

  private enqueue(job: Job): void {
    if (this.stopped) return;
    if (this.held) {
      this.held.push(job);
      return;
    }
    const spread = this.options.shuffleWithinMs ?? 0;
    this.schedule(job, 1, spread > 0 ? Math.floor(this.random() * spread) : 0);
  }

  private schedule(job: Job, attempt: number, delayMs: number): void {
    this.outstanding++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(job, attempt).finally(() => this.settle());
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(job: Job, attempt: number): Promise<void> {
    const registered = this.endpoints.get(job.endpointId);
    if (!registered || this.stopped) return;
    // Signed at send time, with the event as it is now (pending_webhooks counts down), as Stripe does.
    const payload = JSON.stringify(job.event, null, 2);
    const signature = stripeSignatureHeader(payload, registered.secret, Math.floor(Date.now() / 1000));
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.timeoutMs);
    this.inFlight.add(controller);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(registered.endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'cache-control': 'no-cache',
          accept: '*/*; q=0.5, application/xml',
        },
        body: payload,
        // Stripe counts a redirect as a failed delivery.
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      await response.body?.cancel();
    } catch (caught) {
      error = controller.signal.aborted
        ? `no answer within ${this.timeoutMs} ms`
        : String((caught as Error).cause ?? caught);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    this.attempts.push({
      eventId: job.event.id,
      eventType: job.event.type,
      endpointId: job.endpointId,
      url: registered.endpoint.url,
      attempt,
      copy: job.copy,
      status,
      error,
      at: Date.now(),
    });
    if (status !== null && status >= 200 && status < 300) {
      const key = `${job.event.id} ${job.endpointId}`;
      if (!this.delivered.has(key)) {
        this.delivered.add(key);
        job.event.pending_webhooks = Math.max(0, job.event.pending_webhooks - 1);
      }
      return;
    }
    if (attempt < this.maxAttempts && !this.stopped)
      this.schedule(job, attempt + 1, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
  }

  private settle(): void {
    if (this.outstanding > 0) this.outstanding--;
    if (this.outstanding > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
}
