import { env, exports } from 'cloudflare:workers';
import { signQStashDelivery } from '@edge-commerce/devstack/qstash';
import Stripe from 'stripe';
import { partnerKeys, testCredentials, tokenSigningKey } from '../../setup/integration-credentials';
import { uniqueSuffix } from '../catalog/catalog-test-kit';
import { stripeClient } from '../checkout/checkout-kit';
import type { Operation, SecurityRequirement } from './openapi-operations';

// What the fuzz suite can present for each security scheme the document names. A scheme the
// document gains without an entry here fails the suite by name: the walk never quietly sends a
// secured operation's mutations unauthenticated (they would all stop at the door, unfuzzed).

/** What a credential needs to know of the request it authenticates. */
export interface Signed {
  method: string;
  url: string;
  /** The exact body text, or undefined for no body (or bytes that are not text). */
  body: string | undefined;
}

export interface Credential {
  /** How a failure names it: `the admin key`, `the test-wms partner key (wms:write)`. */
  label: string;
  /** Whether it meets this security requirement (one alternative of an operation's `security`). */
  satisfies(requirement: SecurityRequirement): boolean;
  /** The headers that present it; may depend on the URL and body (a signature covers both). */
  headers(request: Signed): Promise<Record<string, string>>;
  /** Only for requests whose body is text (a signature is over the body's exact text). */
  needsTextBody?: true;
  /** Headers this credential sets that the document also lists as operation parameters. */
  sets: string[];
  /** Learns from a successful answer (a new cart's token, shown only in its creation answer). */
  observe?(answer: unknown): void;
}

const only = (requirement: SecurityRequirement, scheme: string) =>
  Object.keys(requirement).length === 1 && scheme in requirement;

const adminKey: Credential = {
  label: 'the admin key',
  // `admin` carries every scope; the fuzzer still sends partner writes partner keys, which must
  // send an Idempotency-Key, so the admin key is offered where `admin` is asked for, and taken
  // where a partner reads (`crm:read`): it may read what any key may.
  satisfies: (requirement) =>
    only(requirement, 'apiKey') &&
    ((requirement.apiKey ?? []).includes('admin') ||
      ((requirement.apiKey ?? []).length > 0 &&
        (requirement.apiKey ?? []).every((scope) => scope.endsWith(':read')))),
  headers: async () => ({ Authorization: `Bearer ${testCredentials.adminApiKey}` }),
  sets: [],
};

const partnerKeyCredentials: Credential[] = partnerKeys.map((partner) => ({
  label: `the ${partner.partner} partner key (${partner.scopes.join(', ')})`,
  satisfies: (requirement) =>
    only(requirement, 'apiKey') &&
    (requirement.apiKey ?? []).every((scope) => partner.scopes.includes(scope)),
  // Calls with a partner key must send an Idempotency-Key; a fresh one per call, so no call
  // replays another's answer.
  headers: async () => ({
    Authorization: `Bearer ${partner.key}`,
    'Idempotency-Key': `fuzz-${uniqueSuffix()}`,
  }),
  sets: ['idempotency-key'],
}));

const qstashDelivery: Credential = {
  label: 'a QStash delivery signed with the current key',
  satisfies: (requirement) => only(requirement, 'qstashSignature'),
  headers: async ({ url, body }) => ({
    'Upstash-Signature': await signQStashDelivery({
      signingKey: testCredentials.qstashCurrentSigningKey,
      url,
      body: body ?? '',
    }),
    'Upstash-Message-Id': `msg_fuzz_${uniqueSuffix()}${uniqueSuffix()}`,
  }),
  needsTextBody: true,
  sets: ['upstash-message-id'],
};

// Stripe signs each delivery over its exact body and a timestamp, with our endpoint's secret
// (the suite's STRIPE_WEBHOOK_SECRET), as the SDK's test helper does.
const stripeSignatureProvider = Stripe.createSubtleCryptoProvider();

const stripeDelivery: Credential = {
  label: 'a Stripe webhook delivery signed with the endpoint secret',
  satisfies: (requirement) => only(requirement, 'stripeSignature'),
  headers: async ({ body }) => ({
    'Stripe-Signature': await Stripe.webhooks.generateTestHeaderStringAsync({
      payload: body ?? '',
      secret: (env as unknown as Record<string, string>).STRIPE_WEBHOOK_SECRET ?? '',
      cryptoProvider: stripeSignatureProvider,
    }),
  }),
  needsTextBody: true,
  sets: [],
};

// Tokens of the carts the walk opened, by cart id: a cart's token is shown once, when
// `POST /v1/carts` answers, and opens only that cart.
const cartTokens = new Map<string, string>();

const cartToken: Credential = {
  label: "the cart's token",
  satisfies: (requirement) => only(requirement, 'cartToken'),
  headers: async ({ url }) => {
    const cartId = /\/v1\/carts\/(cart_[0-9a-z]+)/.exec(url)?.[1];
    // A cart's payment is confirmed by the shopper's browser between checkout and complete.
    if (cartId && url.endsWith('/complete')) await confirmations.get(cartId);
    return { 'X-Cart-Token': (cartId && cartTokens.get(cartId)) || 'fuzz-no-cart-opened' };
  },
  sets: ['x-cart-token'],
  observe: (answer) => {
    if (typeof answer !== 'object' || answer === null) return;
    const { id, token } = answer as { id?: unknown; token?: unknown };
    if (typeof id === 'string' && id.startsWith('cart_') && typeof token === 'string')
      cartTokens.set(id, token);
    const { cartId, status, payment } = answer as {
      cartId?: unknown;
      status?: unknown;
      payment?: { id?: unknown };
    };
    if (typeof cartId === 'string' && status === 'awaiting_payment' && typeof payment?.id === 'string') {
      const paymentId = payment.id;
      confirmations.set(
        cartId,
        stripeClient().then((stripe) =>
          stripe.paymentIntents.confirm(paymentId, { payment_method: 'pm_card_visa' }).then(() => {}),
        ),
      );
    }
  },
};

// What Stripe.js does in the shopper's browser after checkout: confirms the payment with a card.
const confirmations = new Map<string, Promise<void>>();

// Access tokens of the orders the walk's checkouts placed, by order id (shown to the cart's
// holder when the order is placed, and opening only that order).
const orderTokens = new Map<string, string>();

const orderToken: Credential = {
  label: "the order's access token",
  satisfies: (requirement) => only(requirement, 'orderToken'),
  headers: async ({ url }) => {
    const orderId = /\/v1\/orders\/(ord_[0-9a-z]+)/.exec(url)?.[1];
    return { 'X-Order-Token': (orderId && orderTokens.get(orderId)) || 'fuzz-no-order-placed' };
  },
  sets: ['x-order-token'],
  observe: (answer) => {
    if (typeof answer !== 'object' || answer === null) return;
    const placed = 'order' in answer ? (answer as { order: unknown }).order : answer;
    if (typeof placed !== 'object' || placed === null) return;
    const { id, accessToken } = placed as { id?: unknown; accessToken?: unknown };
    if (typeof id === 'string' && id.startsWith('ord_') && typeof accessToken === 'string')
      orderTokens.set(id, accessToken);
  },
};

/** A new account's first access token; its password is the one the operations' examples use. */
async function registeredCustomerToken(): Promise<string> {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  const response = await exports.default.fetch('http://api.test/v1/customers', {
    method: 'POST',
    // An address of its own: registrations are limited per address.
    headers: {
      'Content-Type': 'application/json',
      'CF-Connecting-IP': `2001:db8:f022:${group()}::${group()}`,
    },
    body: JSON.stringify({
      email: `fuzz-${uniqueSuffix().toLowerCase()}@example.com`,
      password: 'correct horse battery staple',
    }),
  });
  if (response.status !== 201) throw new Error(`registering a fuzz customer answered ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

// One account for the whole walk, registered on first need: its access token outlives the walk.
let sharedCustomerToken: Promise<string> | undefined;

const customerToken: Credential = {
  label: "a signed-in customer's access token",
  satisfies: (requirement) => only(requirement, 'customerToken'),
  // A password change or an erasure that succeeds ends every session of its account: each gets
  // an account of its own.
  headers: async ({ method, url }) => {
    const path = new URL(url).pathname;
    if (path === '/v1/customers/me/password' || (method === 'DELETE' && path === '/v1/customers/me'))
      return { Authorization: `Bearer ${await registeredCustomerToken()}` };
    sharedCustomerToken ??= registeredCustomerToken();
    return { Authorization: `Bearer ${await sharedCustomerToken}` };
  },
  sets: [],
};

const customerWithCartToken: Credential = {
  label: "a signed-in customer's access token with the cart's token (a claim)",
  // It presents both, so it meets a requirement of either alone too.
  satisfies: (requirement) =>
    Object.keys(requirement).length > 0 &&
    Object.keys(requirement).every((scheme) => scheme === 'customerToken' || scheme === 'cartToken'),
  headers: async (request) => ({
    ...(await customerToken.headers(request)),
    ...(await cartToken.headers(request)),
  }),
  sets: ['x-cart-token'],
};

// An OAuth client for the PIM, made through the admin API on first need, and its token.
let pimOAuthToken: Promise<string> | undefined;

function oauthAccessToken(): Promise<string> {
  pimOAuthToken ??= (async () => {
    const created = await exports.default.fetch('http://api.test/v1/admin/api-keys', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${testCredentials.adminApiKey}` },
      body: JSON.stringify({ name: 'fuzz OAuth client', holder: 'fuzz-oauth', scopes: ['pim:write'] }),
    });
    const client = (await created.json()) as { id: string; key: string };
    const response = await exports.default.fetch('http://api.test/v1/oauth/token', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${btoa(`${client.id}:${client.key}`)}`,
      },
      body: 'grant_type=client_credentials',
    });
    if (response.status !== 200) throw new Error(`the fuzz OAuth client's token answered ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  })();
  return pimOAuthToken;
}

const oauthToken: Credential = {
  label: 'an OAuth token with pim:write',
  satisfies: (requirement) =>
    only(requirement, 'oauth2') && (requirement.oauth2 ?? []).every((scope) => scope === 'pim:write'),
  headers: async () => ({
    Authorization: `Bearer ${await oauthAccessToken()}`,
    'Idempotency-Key': `fuzz-${uniqueSuffix()}`,
  }),
  sets: ['idempotency-key'],
};

/** Every credential the Worker under test accepts for something. */
export const CREDENTIALS: Credential[] = [
  adminKey,
  ...partnerKeyCredentials,
  qstashDelivery,
  stripeDelivery,
  cartToken,
  orderToken,
  customerToken,
  customerWithCartToken,
  oauthToken,
];

const KNOWN_SCHEMES = new Set([
  'apiKey',
  'qstashSignature',
  'stripeSignature',
  'cartToken',
  'orderToken',
  'customerToken',
  'oauth2',
]);

/** Credentials that admit a caller to `operation`; none for a public operation. */
export function validCredentials(operation: Operation): Credential[] {
  for (const requirement of operation.security) {
    for (const scheme of Object.keys(requirement)) {
      if (!KNOWN_SCHEMES.has(scheme)) {
        throw new Error(
          `${operation.label} requires the security scheme ${scheme}, which tests/api/fuzz/credentials.ts cannot present yet: add it there`,
        );
      }
    }
  }
  const valid = CREDENTIALS.filter((credential) =>
    operation.security.some((req) => credential.satisfies(req)),
  );
  if (operation.security.length > 0 && valid.length === 0) {
    throw new Error(`${operation.label}: no test credential meets ${JSON.stringify(operation.security)}`);
  }
  return valid;
}

/** Credentials the Worker accepts elsewhere but that meet none of `operation`'s requirements. */
export const wrongCredentials = (operation: Operation): Credential[] =>
  CREDENTIALS.filter((credential) => !operation.security.some((req) => credential.satisfies(req)));

const fixed = (label: string, headers: Record<string, string>): Credential => ({
  label,
  satisfies: () => false,
  headers: async () => headers,
  sets: [],
});

/** Credentials no operation accepts: absent, bogus, or a real key in the wrong form. */
export const BOGUS_CREDENTIALS: Credential[] = [
  fixed('no credentials', {}),
  fixed('a bogus bearer token', { Authorization: `Bearer fuzz_bogus_${'0'.repeat(32)}` }),
  fixed('an empty bearer token', { Authorization: 'Bearer ' }),
  fixed('the admin key as Basic credentials', {
    Authorization: `Basic ${btoa(testCredentials.adminApiKey)}`,
  }),
  fixed('a bogus QStash signature', {
    'Upstash-Signature': 'e30.e30.fuzz',
    'Upstash-Message-Id': 'msg_fuzz_bogus',
  }),
];

/** The configured secrets: no response may carry one (nor the private token key's scalar). */
export const SECRETS: string[] = [
  testCredentials.adminApiKey,
  testCredentials.qstashCurrentSigningKey,
  testCredentials.qstashNextSigningKey,
  ...partnerKeys.map((partner) => partner.key),
  tokenSigningKey.d,
];
