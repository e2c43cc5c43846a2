import { type CredentialVariable, EXAMPLE_FILE, type LocalCredentials } from './local-credentials';

/** What `npm start` reports once the stack answers. */
export interface LocalStackMap {
  /** The Worker's origin, e.g. http://127.0.0.1:8787. */
  apiOrigin: string;
  /** The Postgres line: where it is and what it is. */
  postgres: string;
  /** host:port/path of the WebSocket bridge. */
  wsProxy: string;
  /** The Upstash Redis stand-in line. */
  redis: string;
  /** The Resend stand-in line (where sent emails are listed). */
  mail: string;
  /** The Stripe stand-in line (where the Worker's `stripe` SDK is pointed). */
  payments: string;
  /** The QStash stand-in and the local partners' lines (integration events). */
  events: string[];
  credentials: LocalCredentials;
}

const LABEL_WIDTH = 15;

/**
 * The local map: every address of the stack and every credential the Worker accepts, with how
 * to use each, so a newcomer can call every route family without reading the source.
 */
export function formatLocalStackMap(map: LocalStackMap): string {
  const { apiOrigin: api, credentials } = map;
  const from = (name: CredentialVariable) =>
    credentials.overridden.includes(name) ? `   (from ${credentials.developerFile})` : '';
  const partnerWidth = Math.max(0, ...credentials.partnerKeys.map((entry) => entry.holder.length));
  const partnerRows =
    credentials.partnerKeys.length === 0
      ? ['(none: the integration routes accept signed deliveries only)']
      : credentials.partnerKeys.map(
          (entry) => `${entry.key}  ${entry.holder.padEnd(partnerWidth)}  ${entry.scopes.join(', ')}`,
        );
  const pimUrl = `${api}/v1/integrations/pim/products`;
  return [
    '',
    'edge-commerce local stack is up',
    ...rows('API', [`${api}/v1            (wrangler dev, workerd)`]),
    ...rows('health', [`${api}/v1/health`]),
    ...rows('OpenAPI', [`${api}/openapi.json`]),
    ...rows('API docs', [`${api}/docs      (give a key below as the Bearer token to send requests)`]),
    ...rows('Postgres', [map.postgres]),
    ...rows('WS bridge', [`ws://${map.wsProxy}    (Neon driver -> Postgres)`]),
    ...rows('Redis (REST)', [map.redis]),
    ...rows('mail', [map.mail]),
    ...rows('payments', [
      map.payments,
      `secret key ${credentials.variables.STRIPE_SECRET_KEY}${from('STRIPE_SECRET_KEY')}`,
      `webhooks   ${api}/v1/integrations/stripe/webhooks, signed with ${credentials.variables.STRIPE_WEBHOOK_SECRET}${from('STRIPE_WEBHOOK_SECRET')}`,
      'test cards: pm_card_visa, pm_card_chargeDeclined, pm_card_authenticationRequired (3D Secure page at /_stand-in/authenticate/<pi_…>)',
    ]),
    ...rows('events', map.events),
    `Local credentials (from ${EXAMPLE_FILE}; a variable your own .dev.vars sets wins)`,
    ...rows('admin key', [
      `${credentials.bootstrapKey || '(empty: only stored keys open the admin API)'}${from('BOOTSTRAP_ADMIN_KEY')}`,
      'Authorization: Bearer <admin key>  on /v1/admin/… (every scope; makes more keys: /v1/admin/api-keys)',
    ]),
    ...rows('partner keys', [
      ...partnerRows,
      'stored API keys (seeded); Authorization: Bearer <key> and an Idempotency-Key  on /v1/integrations/… of its scope',
    ]),
    ...rows('QStash keys', [
      `current  ${credentials.qstashCurrentSigningKey}${from('QSTASH_CURRENT_SIGNING_KEY')}`,
      `next     ${credentials.qstashNextSigningKey}${from('QSTASH_NEXT_SIGNING_KEY')}`,
      `sign a delivery: npm run -s qstash:sign -- ${pimUrl} <body file>`,
      '(prints its Upstash-Signature; send the same bytes, with an Upstash-Message-Id)',
    ]),
    ...rows('CORS origins', [
      `${credentials.variables.STOREFRONT_ORIGINS || '(none)'}${from('STOREFRONT_ORIGINS')}  may call the storefront from a page`,
    ]),
    ...rows('try', [
      `curl -H 'Authorization: Bearer ${credentials.bootstrapKey}' '${api}/v1/admin/products?limit=1'`,
    ]),
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

function rows(label: string, lines: string[]): string[] {
  return lines.map((line, index) => `  ${(index === 0 ? label : '').padEnd(LABEL_WIDTH)}${line}`);
}
