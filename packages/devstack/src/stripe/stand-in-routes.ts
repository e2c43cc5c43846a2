import type { TestModeAccount } from './account';
import { authenticationPage } from './authentication-page';
import { completeAuthentication } from './confirmation';
import { parameterInvalid, StripeApiError } from './errors';
import { findPaymentIntent } from './payment-intents';
import type { ReleaseOrder, WebhookDelivery } from './webhook-delivery';
import type { WebhookEndpoints } from './webhook-endpoints';

/** The prefix of the routes that are the stand-in's own, for tests and developers; Stripe has none of them. */
export const STAND_IN_PREFIX = '/_stand-in';

export interface StandInContext {
  account: TestModeAccount;
  endpoints: WebhookEndpoints;
  delivery: WebhookDelivery;
  /** The body's fields, from JSON or a form (flat: these routes take no nesting). */
  fields: Record<string, unknown>;
}

export type StandInAnswer =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'html'; body: string }
  | { kind: 'redirect'; location: string };

/**
 * The stand-in's own routes, needing no key (it listens on 127.0.0.1 only):
 * - `POST /_stand-in/webhook_endpoints` `{ url, secret?, enabled_events? }`: deliver events to a
 *   URL, signed with a secret of the test's choosing (Stripe's API would make one up);
 *   `GET` lists them, `DELETE …/:id` removes one.
 * - `POST /_stand-in/payment_intents/:id/authenticate` `{ outcome: 'succeed' | 'fail' }`: the
 *   customer's 3D Secure step (with `redirect=true`, as its page `GET /_stand-in/authenticate/:id`
 *   sends, it answers with a redirect to the `return_url`).
 * - `POST /_stand-in/webhooks/pause`, `POST /_stand-in/webhooks/release` `{ order? }`,
 *   `POST /_stand-in/events/:id/redeliver`, `GET /_stand-in/webhooks/attempts`: deliveries held,
 *   sent in a chosen order, sent again, and what each attempt got.
 */
export async function answerStandInRequest(
  method: string,
  path: string,
  context: StandInContext,
): Promise<StandInAnswer> {
  const local = path.slice(STAND_IN_PREFIX.length);
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.path.exec(local);
    if (match) return route.answer(context, match[1] ?? '');
  }
  throw new StripeApiError(404, { message: `Unrecognized stand-in URL (${method}: ${path}).` });
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  answer(context: StandInContext, id: string): StandInAnswer | Promise<StandInAnswer>;
}

const json = (body: unknown, status = 200): StandInAnswer => ({ kind: 'json', status, body });

const ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: /^\/webhook_endpoints$/,
    answer({ endpoints, fields }) {
      const events = fields.enabled_events;
      return json(
        endpoints.add({
          url: text(fields, 'url') ?? '',
          secret: text(fields, 'secret'),
          enabledEvents: Array.isArray(events)
            ? events.map(String)
            : typeof events === 'string'
              ? [events]
              : undefined,
        }),
      );
    },
  },
  {
    method: 'GET',
    path: /^\/webhook_endpoints$/,
    answer: ({ endpoints }) =>
      json({
        data: endpoints
          .all()
          .map((endpoint) => ({ ...endpoint, secret: endpoints.get(endpoint.id)?.secret })),
      }),
  },
  {
    method: 'DELETE',
    path: /^\/webhook_endpoints\/(\w+)$/,
    answer: ({ endpoints }, id) => json(endpoints.remove(id)),
  },
  {
    method: 'POST',
    path: /^\/payment_intents\/(\w+)\/authenticate$/,
    answer({ account, fields }, id) {
      const outcome = text(fields, 'outcome');
      if (outcome !== 'succeed' && outcome !== 'fail')
        throw parameterInvalid('outcome', 'outcome must be succeed or fail.');
      const intent = findPaymentIntent(account, id);
      completeAuthentication(account, intent, outcome);
      const returnUrl = account.returnUrls.get(intent.id);
      if (returnUrl && text(fields, 'redirect') === 'true')
        return {
          kind: 'redirect',
          location: returnLocation(returnUrl, intent.id, intent.client_secret, outcome),
        };
      return json(intent);
    },
  },
  {
    method: 'GET',
    path: /^\/authenticate\/(\w+)$/,
    answer: ({ account }, id) => ({ kind: 'html', body: authenticationPage(findPaymentIntent(account, id)) }),
  },
  {
    method: 'POST',
    path: /^\/webhooks\/pause$/,
    answer({ delivery }) {
      delivery.pause();
      return json({ paused: true });
    },
  },
  {
    method: 'POST',
    path: /^\/webhooks\/release$/,
    async answer({ delivery, fields }) {
      const order = text(fields, 'order') ?? 'as-raised';
      if (!['as-raised', 'reversed', 'shuffled'].includes(order))
        throw parameterInvalid('order', 'order must be as-raised, reversed or shuffled.');
      return json({ released: await delivery.release(order as ReleaseOrder) });
    },
  },
  {
    method: 'POST',
    path: /^\/events\/(\w+)\/redeliver$/,
    answer({ delivery }, id) {
      delivery.redeliver(id);
      return json({ redelivering: id });
    },
  },
  {
    method: 'GET',
    path: /^\/webhooks\/attempts$/,
    answer: ({ delivery }) => json({ data: delivery.attempts }),
  },
];

function text(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** Where Stripe sends the customer back after a redirect: the return_url with the intent's ids and outcome. */
function returnLocation(
  returnUrl: string,
  id: string,
  clientSecret: string,
  outcome: 'succeed' | 'fail',
): string {
  const url = new URL(returnUrl);
  url.searchParams.set('payment_intent', id);
  url.searchParams.set('payment_intent_client_secret', clientSecret);
  url.searchParams.set('redirect_status', outcome === 'succeed' ? 'succeeded' : 'failed');
  return url.toString();
}
