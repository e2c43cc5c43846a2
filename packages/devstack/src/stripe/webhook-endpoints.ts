import { parameterInvalid, resourceMissing } from './errors';
import { stripeId, webhookSecret } from './ids';
import { listPage, type StripeList } from './lists';
import type { Params } from './params';

/** A webhook endpoint as `GET /v1/webhook_endpoints/:id` shows it (the secret only on create). */
export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Record<string, string>;
  secret?: string;
  status: 'enabled';
  url: string;
}

export interface WebhookEndpointConfig {
  url: string;
  /** The signing secret; a `whsec_…` is made up when omitted. */
  secret?: string | undefined;
  /** Event types to send (default every one, `*`). */
  enabledEvents?: readonly string[] | undefined;
  description?: string | undefined;
}

/** The endpoints events are delivered to, with their signing secrets. */
export class WebhookEndpoints {
  private readonly byId = new Map<string, { endpoint: WebhookEndpoint; secret: string }>();

  constructor(private readonly now: () => number) {}

  add(config: WebhookEndpointConfig): WebhookEndpoint & { secret: string } {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw parameterInvalid('url', `Invalid URL: ${config.url}`, 'url_invalid');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw parameterInvalid('url', `Invalid URL: ${config.url}`, 'url_invalid');
    const secret = config.secret ?? webhookSecret();
    const endpoint: WebhookEndpoint = {
      id: stripeId('we'),
      object: 'webhook_endpoint',
      api_version: null,
      application: null,
      created: Math.floor(this.now() / 1000),
      description: config.description ?? null,
      enabled_events: [...(config.enabledEvents ?? ['*'])],
      livemode: false,
      metadata: {},
      status: 'enabled',
      url: config.url,
    };
    this.byId.set(endpoint.id, { endpoint, secret });
    return { ...endpoint, secret };
  }

  /** `POST /v1/webhook_endpoints`, as Stripe's API takes it. */
  create(params: Params): WebhookEndpoint & { secret: string } {
    params.allowOnly(['url', 'enabled_events', 'description', 'metadata', 'api_version', 'expand']);
    const enabledEvents = params.stringList('enabled_events');
    if (!enabledEvents || enabledEvents.length === 0)
      throw parameterInvalid(
        'enabled_events',
        'Missing required param: enabled_events.',
        'parameter_missing',
      );
    const created = this.add({
      url: params.requiredString('url'),
      enabledEvents,
      description: params.string('description'),
    });
    const stored = this.byId.get(created.id);
    if (stored) stored.endpoint.metadata = params.metadataOnto({});
    return { ...created, metadata: stored?.endpoint.metadata ?? {} };
  }

  retrieve(id: string): WebhookEndpoint {
    const stored = this.byId.get(id);
    if (!stored) throw resourceMissing('webhook_endpoint', id, 'id');
    return stored.endpoint;
  }

  remove(id: string): { id: string; object: 'webhook_endpoint'; deleted: true } {
    this.retrieve(id);
    this.byId.delete(id);
    return { id, object: 'webhook_endpoint', deleted: true };
  }

  list(params: Params): StripeList<WebhookEndpoint> {
    params.allowOnly(['limit', 'starting_after', 'ending_before', 'expand']);
    return listPage(this.all().reverse(), params, '/v1/webhook_endpoints', 'webhook_endpoint');
  }

  all(): WebhookEndpoint[] {
    return [...this.byId.values()].map((stored) => stored.endpoint);
  }

  /** The endpoint and its secret, if it is still registered. */
  get(id: string): { endpoint: WebhookEndpoint; secret: string } | undefined {
    return this.byId.get(id);
  }

  /** The endpoints that take `type`, in the order they were added. */
  subscribedTo(type: string): WebhookEndpoint[] {
    return this.all().filter(
      (endpoint) => endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type),
    );
  }
}
