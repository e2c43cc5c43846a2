import { callbackBody } from './callback-body';
import type { DeadLetterQueue } from './dead-letter-queue';
import { retryAfterMs } from './durations';
import { FlowControl } from './flow-control';
import { callDestination, type DestinationAnswer } from './http-call';
import { messageId } from './ids';
import type { MessageKind, PendingMessage } from './message';
import type { CallbackSpec, MessageSpec } from './publish-request';
import { signQStashDelivery } from './signer';

export interface QStashDeliveryOptions {
  /**
   * Wait before the first retry (default 1 s), doubling with each retry up to `retryMaxDelayMs`
   * (default 30 s). QStash itself waits min(1 day, e^(2.5·n)) s before retry n (12 s, 2 min 28 s,
   * 30 min, …): the defaults are shorter so a local stack shows retries within a minute.
   */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /**
   * How long an attempt waits for an answer when its message sets no `Upstash-Timeout` (default
   * 60 s; QStash allows up to its plan's limit, 15 min on the free plan, 2 h pay-as-you-go).
   */
  timeoutMs?: number;
}

/** One attempt to send one message (or callback) to its destination. */
export interface QStashDeliveryAttempt {
  messageId: string;
  kind: MessageKind;
  /** For a callback, the message whose attempt it reports; null for a message. */
  sourceMessageId: string | null;
  url: string;
  method: string;
  /** 1 for the first attempt, 2 for the first retry, … (`Upstash-Retried` is this minus 1). */
  attempt: number;
  /** The destination's status, or null when it did not answer. */
  status: number | null;
  error: string | null;
  /** Unix ms when the attempt started and when it ended. */
  startedAt: number;
  at: number;
}

// QStash honours a destination's Retry-After up to its longest backoff, a day; beyond, it backs off as usual.
const MAX_RETRY_AFTER_MS = 86_400_000;

const RETRY_AFTER_HEADERS = [
  'Retry-After',
  'X-Ratelimit-Reset',
  'X-Ratelimit-Reset-Requests',
  'X-Ratelimit-Reset-Tokens',
];

/**
 * Sends messages as QStash does: each when its time comes (`Upstash-Delay`, `Upstash-Not-Before`),
 * within its flow-control key's parallelism, signed with the current signing key; a 2xx answer
 * delivers it, anything else (another status, a network error, the timeout) is retried with
 * exponential backoff up to its `Upstash-Retries`, after which it goes to the DLQ. After each
 * attempt that got an answer, a callback (itself a message) reports it; after the last failure, a
 * failure callback does.
 */
export class MessageDelivery {
  readonly attempts: QStashDeliveryAttempt[] = [];
  private readonly pending = new Map<string, PendingMessage>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<AbortController>();
  private readonly flow = new FlowControl();
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly timeoutMs: number;
  private held: PendingMessage[] | undefined;
  private sequence = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly signingKey: string,
    private readonly deadLetters: DeadLetterQueue,
    private readonly now: () => number,
    options: QStashDeliveryOptions = {},
  ) {
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 1_000;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Accepts a message; it is sent when its time comes. */
  publish(spec: MessageSpec, kind: MessageKind = 'message', sourceMessageId?: string): PendingMessage {
    const now = this.now();
    const message: PendingMessage = {
      id: messageId(),
      kind,
      sourceMessageId,
      spec,
      createdAt: now,
      sequence: ++this.sequence,
      state: 'scheduled',
      attempts: 0,
      dueAt: spec.notBefore,
    };
    if (spec.flowControl) this.flow.configure(spec.flowControl.key, spec.flowControl.parallelism);
    this.pending.set(message.id, message);
    this.schedule(message, spec.notBefore - now);
    return message;
  }

  /** A message not yet delivered, failed for good or cancelled. */
  get(id: string): PendingMessage | undefined {
    return this.pending.get(id);
  }

  all(): PendingMessage[] {
    return [...this.pending.values()];
  }

  /**
   * Cancels a message not yet delivered. One being sent right now is not interrupted (QStash warns
   * it may be too late), but nothing follows it: no retry, no callback.
   */
  cancel(id: string): boolean {
    const message = this.pending.get(id);
    if (!message) return false;
    this.pending.delete(id);
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    if (message.state === 'held') this.held = this.held?.filter((held) => held !== message);
    if (message.state === 'waiting') for (const next of this.flow.withdraw(message)) this.start(next);
    this.settle();
    return true;
  }

  /** Holds every message that comes due (and those waiting for a flow-control slot) until `resume`. */
  pause(): void {
    if (this.held) return;
    this.held = this.flow.drain();
    for (const message of this.held) message.state = 'held';
    this.settle();
  }

  /** Sends what `pause` held, in publish order (within the flow-control limits), and stops holding. */
  resume(): void {
    const held = (this.held ?? []).sort((a, b) => a.sequence - b.sequence);
    this.held = undefined;
    for (const message of held) this.due(message);
  }

  /** Resolves once no message is waiting for its time, for a slot or for an answer (held ones aside). */
  idle(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.pending.clear();
    this.held = undefined;
    this.settle();
  }

  private schedule(message: PendingMessage, delayMs: number): void {
    message.state = 'scheduled';
    message.dueAt = this.now() + Math.max(0, delayMs);
    const timer = setTimeout(
      () => {
        this.timers.delete(message.id);
        this.due(message);
      },
      Math.max(0, delayMs),
    );
    this.timers.set(message.id, timer);
  }

  /** Its time has come: held while paused, else sent once its flow-control key has a free slot. */
  private due(message: PendingMessage): void {
    if (this.stopped || !this.pending.has(message.id)) return;
    if (this.held) {
      message.state = 'held';
      this.held.push(message);
    } else {
      message.state = 'waiting';
      for (const next of this.flow.admit(message)) this.start(next);
    }
    this.settle();
  }

  private start(message: PendingMessage): void {
    message.state = 'active';
    void this.attempt(message);
  }

  private async attempt(message: PendingMessage): Promise<void> {
    const { spec } = message;
    const attempt = ++message.attempts;
    const startedAt = this.now();
    const controller = new AbortController();
    this.inFlight.add(controller);
    let answer: DestinationAnswer | undefined;
    let error: string | null = null;
    try {
      // Signed anew for each attempt, as QStash does: each carries its own `jti`, `iat` and `exp`.
      const signature = await signQStashDelivery({
        signingKey: this.signingKey,
        url: spec.destination,
        body: spec.body,
      });
      answer = await callDestination({
        url: spec.destination,
        method: spec.method,
        headers: {
          ...spec.headers,
          'User-Agent': 'Upstash-QStash',
          'Upstash-Message-Id': message.id,
          'Upstash-Retried': String(attempt - 1),
          'Upstash-Signature': signature,
          ...(spec.callerIp ? { 'Upstash-Caller-Ip': spec.callerIp } : {}),
        },
        body: spec.body,
        timeoutMs: spec.timeoutMs ?? this.timeoutMs,
        signal: controller.signal,
      });
    } catch (caught) {
      const cause = (caught as Error).cause;
      error = cause instanceof Error ? cause.message : (caught as Error).message;
    } finally {
      this.inFlight.delete(controller);
    }
    if (this.stopped) return;
    this.attempts.push({
      messageId: message.id,
      kind: message.kind,
      sourceMessageId: message.sourceMessageId ?? null,
      url: spec.destination,
      method: spec.method,
      attempt,
      status: answer?.status ?? null,
      error,
      startedAt,
      at: this.now(),
    });
    // The slot is given back whatever follows: a message waiting out its backoff is not in flight.
    const next = this.flow.release(message);
    if (this.pending.has(message.id)) this.conclude(message, answer);
    for (const each of next) this.start(each);
    this.settle();
  }

  private conclude(message: PendingMessage, answer: DestinationAnswer | undefined): void {
    const { spec } = message;
    const delivered = answer !== undefined && answer.status >= 200 && answer.status < 300;
    if (spec.callback && answer) this.publishCallback(message, spec.callback, 'callback', answer);
    if (delivered) {
      this.pending.delete(message.id);
      return;
    }
    if (message.attempts - 1 < spec.retries) {
      this.schedule(message, this.backoff(message.attempts, answer));
      return;
    }
    this.pending.delete(message.id);
    const dead = this.deadLetters.add(message, answer);
    if (spec.failureCallback)
      this.publishCallback(message, spec.failureCallback, 'failure-callback', answer, dead.dlqId);
  }

  /** The wait before retry number `retry` (1 for the first): the destination's Retry-After, or backoff. */
  private backoff(retry: number, answer: DestinationAnswer | undefined): number {
    for (const name of RETRY_AFTER_HEADERS) {
      const value = answer?.headers[name]?.[0];
      const asked = value === undefined ? undefined : retryAfterMs(value, this.now());
      if (asked !== undefined && asked <= MAX_RETRY_AFTER_MS) return asked;
    }
    return Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (retry - 1));
  }

  /**
   * A callback is a message of its own (its own id and signature, for the callback URL), with the
   * source's retries and timeout unless its `Upstash-Callback-*` headers say otherwise. Callbacks
   * have no callbacks and no flow-control key.
   */
  private publishCallback(
    source: PendingMessage,
    callback: CallbackSpec,
    kind: MessageKind,
    answer: DestinationAnswer | undefined,
    dlqId?: string,
  ): void {
    if (source.kind !== 'message') return;
    this.publish(
      {
        destination: callback.url,
        method: callback.method,
        body: Buffer.from(JSON.stringify(callbackBody(source, answer, dlqId))),
        headers: { 'Content-Type': 'application/json', ...callback.headers },
        retries: callback.retries ?? source.spec.retries,
        notBefore: this.now() + callback.delayMs,
        timeoutMs: callback.timeoutMs ?? source.spec.timeoutMs,
        callback: undefined,
        failureCallback: undefined,
        flowControl: undefined,
        deduplicationId: undefined,
        labels: [],
        callerIp: source.spec.callerIp,
      },
      kind,
      source.id,
    );
  }

  private busy(): boolean {
    for (const message of this.pending.values()) if (message.state !== 'held') return true;
    return false;
  }

  private settle(): void {
    if (this.busy()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
