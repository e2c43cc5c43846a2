import { parameterInvalid, resourceMissing } from './errors';
import { stripeId } from './ids';
import { createdFilter, listPage, type StripeList } from './lists';
import type { Params } from './params';

/** The API request that caused an event; both null for what the stand-in's test hooks cause. */
export interface EventRequest {
  id: string | null;
  idempotency_key: string | null;
}

/** An Event as Stripe sends and lists it: a snapshot of the object when it happened. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown };
  livemode: false;
  /** Endpoints this event has not yet been delivered to successfully. */
  pending_webhooks: number;
  request: EventRequest;
  type: string;
}

const MAX_TYPES = 20;

/**
 * Every event of the account, oldest first, as `GET /v1/events` lists them (Stripe keeps 30 days;
 * the stand-in keeps what happened since it started). Each one recorded is handed to the
 * listeners, which is how webhooks learn of it.
 */
export class EventLog {
  private readonly events: StripeEvent[] = [];
  private readonly listeners: ((event: StripeEvent) => void)[] = [];

  constructor(
    private readonly apiVersion: string,
    private readonly now: () => number,
  ) {}

  onEvent(listener: (event: StripeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Records `type` with a copy of `object` as it is now (later changes do not alter the event). */
  record(type: string, object: unknown, request: EventRequest): StripeEvent {
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: Math.floor(this.now() / 1000),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { ...request },
      type,
    };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Every event, oldest first. */
  all(): readonly StripeEvent[] {
    return this.events;
  }

  find(id: string): StripeEvent | undefined {
    return this.events.find((event) => event.id === id);
  }

  retrieve(id: string): StripeEvent {
    const event = this.find(id);
    if (!event) throw resourceMissing('event', id, 'id');
    return event;
  }

  /** `GET /v1/events`: `type` (`*` stands for any part, e.g. `payment_intent.*`) or `types[]`. */
  list(params: Params): StripeList<StripeEvent> {
    params.allowOnly([
      'type',
      'types',
      'limit',
      'starting_after',
      'ending_before',
      'created',
      'expand',
      'delivery_success',
    ]);
    const type = params.string('type');
    const types = params.stringList('types');
    if (type !== undefined && types !== undefined)
      throw parameterInvalid('types', 'You may only specify one of these parameters: type, types.');
    if (types && types.length > MAX_TYPES)
      throw parameterInvalid('types', `You may pass at most ${MAX_TYPES} types.`);
    const patterns = (types ?? (type === undefined ? [] : [type])).map(typePattern);
    const created = createdFilter(params);
    const matching = this.events.filter(
      (event) =>
        (patterns.length === 0 || patterns.some((pattern) => pattern.test(event.type))) &&
        created(event.created),
    );
    return listPage([...matching].reverse(), params, '/v1/events', 'event');
  }
}

function typePattern(type: string): RegExp {
  const parts = type
    .split('.')
    .map((part) => (part === '*' ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('\\.')}$`);
}
