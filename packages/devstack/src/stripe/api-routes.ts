import type { TestModeAccount } from './account';
import { confirmationOptions, confirmPaymentIntent, planConfirmation } from './confirmation';
import { resourceMissing, StripeApiError } from './errors';
import type { EventRequest } from './events';
import { expanded } from './expand';
import { createdFilter, listPage } from './lists';
import { Params } from './params';
import {
  cancelPaymentIntent,
  draftPaymentIntent,
  findPaymentIntent,
  openPaymentIntent,
  updatePaymentIntent,
} from './payment-intents';
import { createRefund, findRefund, listRefunds } from './refunds';
import type { WebhookEndpoints } from './webhook-endpoints';

export interface ApiContext {
  account: TestModeAccount;
  endpoints: WebhookEndpoints;
  params: Params;
  /** The request, as events name their cause. */
  request: EventRequest;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  /** The answer, before `expand[]`; `id` is the path's object id, if it names one. */
  answer(context: ApiContext, id: string): object;
}

const ID = '([A-Za-z0-9_]+)';

/** The part of Stripe's v1 API the stand-in serves. */
const ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/payment_intents$/,
    answer({ account, params, request }) {
      const intent = draftPaymentIntent(account, params);
      const plan = params.boolean('confirm')
        ? planConfirmation(account, intent, confirmationOptions(params, false))
        : undefined;
      openPaymentIntent(account, intent, request);
      return plan ? confirmPaymentIntent(account, intent, plan, request) : intent;
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/payment_intents$/,
    answer({ account, params }) {
      params.allowOnly(['limit', 'starting_after', 'ending_before', 'created', 'expand']);
      const created = createdFilter(params);
      const matching = [...account.paymentIntents.values()].filter((intent) => created(intent.created));
      return listPage(matching.reverse(), params, '/v1/payment_intents', 'payment_intent');
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/v1/payment_intents/${ID}$`),
    answer: ({ account, params }, id) => {
      params.allowOnly(['expand', 'client_secret']);
      return findPaymentIntent(account, id);
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/v1/payment_intents/${ID}$`),
    answer: ({ account, params }, id) => updatePaymentIntent(account, findPaymentIntent(account, id), params),
  },
  {
    method: 'POST',
    path: new RegExp(`^/v1/payment_intents/${ID}/confirm$`),
    answer({ account, params, request }, id) {
      params.allowOnly([
        'payment_method',
        'return_url',
        'off_session',
        'error_on_requires_action',
        'receipt_email',
        'allowed_payment_method_types',
        'expand',
      ]);
      const intent = findPaymentIntent(account, id);
      const plan = planConfirmation(account, intent, confirmationOptions(params));
      // What confirm may change besides the method, it changes as an update would, once the plan holds.
      const changes = Object.fromEntries(
        ['receipt_email', 'allowed_payment_method_types'].flatMap((name) => {
          const value = params.fields[name];
          return value === undefined ? [] : [[name, value]];
        }),
      );
      updatePaymentIntent(account, intent, new Params(changes));
      return confirmPaymentIntent(account, intent, plan, request);
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/v1/payment_intents/${ID}/cancel$`),
    answer: ({ account, params, request }, id) =>
      cancelPaymentIntent(account, findPaymentIntent(account, id), params, request),
  },
  {
    method: 'GET',
    path: new RegExp(`^/v1/charges/${ID}$`),
    answer({ account, params }, id) {
      params.allowOnly(['expand']);
      const charge = account.charges.get(id);
      if (!charge) throw resourceMissing('charge', id, 'charge');
      return charge;
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/v1/payment_methods/${ID}$`),
    answer({ account, params }, id) {
      params.allowOnly(['expand']);
      const method = account.paymentMethods.find(id);
      if (!method) throw resourceMissing('PaymentMethod', id, 'payment_method');
      return method;
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/refunds$/,
    answer: ({ account, params, request }) => createRefund(account, params, request),
  },
  { method: 'GET', path: /^\/v1\/refunds$/, answer: ({ account, params }) => listRefunds(account, params) },
  {
    method: 'GET',
    path: new RegExp(`^/v1/refunds/${ID}$`),
    answer: ({ account, params }, id) => {
      params.allowOnly(['expand']);
      return findRefund(account, id);
    },
  },
  { method: 'GET', path: /^\/v1\/events$/, answer: ({ account, params }) => account.events.list(params) },
  {
    method: 'GET',
    path: new RegExp(`^/v1/events/${ID}$`),
    answer: ({ account, params }, id) => {
      params.allowOnly(['expand']);
      return account.events.retrieve(id);
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/webhook_endpoints$/,
    answer: ({ endpoints, params }) => endpoints.create(params),
  },
  {
    method: 'GET',
    path: /^\/v1\/webhook_endpoints$/,
    answer: ({ endpoints, params }) => endpoints.list(params),
  },
  {
    method: 'GET',
    path: new RegExp(`^/v1/webhook_endpoints/${ID}$`),
    answer: ({ endpoints }, id) => endpoints.retrieve(id),
  },
  {
    method: 'DELETE',
    path: new RegExp(`^/v1/webhook_endpoints/${ID}$`),
    answer: ({ endpoints }, id) => endpoints.remove(id),
  },
];

/** The answer of Stripe's API to `method path`, expanded as `expand[]` asks. */
export function answerApiRequest(method: string, path: string, context: ApiContext): unknown {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (!match) continue;
    const answer = route.answer(context, match[1] ?? '');
    return expanded(context.account, answer, context.params.expand());
  }
  throw new StripeApiError(404, {
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}
