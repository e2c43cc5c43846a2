import { exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { cartCall, sellableVariants } from '../carts/cart-kit';
import { API_ORIGIN, postWithKey, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { type CheckoutAnswer, checkout, type PlacedOrder, readyCart } from '../checkout/checkout-kit';
import type { Session } from '../identity/customer-kit';

declare module 'vitest' {
  // Provided by tests/setup/qstash.ts (declared there for the Node side).
  export interface ProvidedContext {
    partnersUrl: string;
  }
}

// Shared by the CRM suites (issue 12): the CRM's three routes, a customer with orders, and what
// Postgres holds of them.

export const PROFILES = '/v1/integrations/crm/profiles';
export const TICKETS = '/v1/integrations/crm/tickets';
export const ordersOf = (customerId: string) => `/v1/integrations/crm/customers/${customerId}/orders`;

export interface ProfileBatchResult {
  deliveryId: string;
  applied: number;
  stale: number;
  unknownCustomer: number;
  results: {
    index: number;
    customerId: string;
    sequence: number;
    outcome: 'applied' | 'stale' | 'unknown_customer';
    changed?: string[];
    currentSequence?: number;
  }[];
}

export interface Ticket {
  id: string;
  crmTicketId: string;
  customerId: string;
  orderId: string | null;
  subject: string;
  status: string;
  priority: string;
  openedAt: string;
  updatedAt: string;
  recordedAt: string;
}

export interface TicketResult {
  deliveryId: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'stale';
  ticket: Ticket;
}

/** Profile changes sent with the CRM's key, under a fresh (or the given) Idempotency-Key. */
export function postProfiles(profiles: unknown[], idempotencyKey = uniqueSuffix()): Promise<Response> {
  return postWithKey(PROFILES, { profiles }, { key: testCredentials.crmPartnerKey, idempotencyKey });
}

/** A ticket sent with the CRM's key. */
export function postTicket(ticket: unknown, idempotencyKey = uniqueSuffix()): Promise<Response> {
  return postWithKey(TICKETS, ticket, { key: testCredentials.crmPartnerKey, idempotencyKey });
}

/** GETs `path` with `key` (the CRM's reading key by default). */
export function getWithKey(path: string, key: string = testCredentials.crmReaderKey): Promise<Response> {
  return exports.default.fetch(`${API_ORIGIN}${path}`, { headers: { Authorization: `Bearer ${key}` } });
}

/** The answer's body, after asserting it is a 200 (showing the body when it is not). */
export async function ok<T>(response: Response): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<T>();
}

/** A ticket as the CRM would send it, opened now, for `customerId`. */
export function ticketOf(customerId: string, fields: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    ticketId: `ZD-${uniqueSuffix()}`,
    customerId,
    subject: 'Where is my parcel?',
    status: 'open',
    priority: 'normal',
    openedAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** What Postgres holds of a customer's profile, with the CRM's version. */
export async function storedProfile(customerId: string) {
  const { rows } = await withDatabase((db) =>
    db.execute<{
      firstName: string | null;
      lastName: string | null;
      phone: string | null;
      locale: string;
      email: string;
      crmSequence: string | null;
    }>(sql`
      select first_name as "firstName", last_name as "lastName", phone, locale, email,
        crm_profile_sequence as "crmSequence"
      from customers where id = ${customerId}`),
  );
  const row = rows[0];
  if (!row) throw new Error(`no customer ${customerId}`);
  return { ...row, crmSequence: row.crmSequence === null ? null : Number(row.crmSequence) };
}

/** The customer's `CustomerUpdated` events, in the order recorded, with what each says. */
export async function customerUpdates(customerId: string) {
  const { rows } = await withDatabase((db) =>
    db.execute<{ data: { firstName: string | null; phone: string | null; changed: string[] } }>(sql`
      select data from outbox_events
      where aggregate_type = 'customer' and aggregate_id = ${customerId} and type = 'CustomerUpdated'
      order by sequence`),
  );
  return rows.map((row) => row.data);
}

/** The tickets Postgres holds under a CRM ticket id. */
export async function ticketRows(crmTicketId: string) {
  const { rows } = await withDatabase((db) =>
    db.execute<{ id: string; status: string; subject: string }>(sql`
      select id, status, subject from support_tickets where crm_ticket_id = ${crmTicketId}`),
  );
  return rows;
}

/** A paid order placed by the signed-in `customer` (their cart, claimed, then checked out). */
export async function orderOf(customer: Session): Promise<PlacedOrder> {
  const [variant] = await sellableVariants(10, 1_500);
  if (!variant) throw new Error('no variant');
  const cart = await readyCart([variant], 1);
  const claimed = await cartCall('POST', `/v1/carts/${cart.id}/claim`, {
    token: cart.token,
    headers: { Authorization: `Bearer ${customer.accessToken}` },
  });
  expect(claimed.status, await claimed.clone().text()).toBe(200);
  const answer = await checkout(cart, { paymentMethod: 'pm_card_visa' });
  expect(answer.status, await answer.clone().text()).toBe(200);
  return (await answer.json<CheckoutAnswer>()).order as PlacedOrder;
}

interface CapturedApiCall {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Has the local CRM push `body` to `path` through the QStash stand-in (`POST /_control/crm/push`),
 * as a developer would under `npm start`; answers QStash's message ids. The suite's partners
 * server is also the API's public address, so QStash's signed deliveries land there.
 */
export async function pushFromCrm(path: string, body: unknown, twice = false): Promise<string[]> {
  const response = await fetch(`${inject('partnersUrl')}/_control/crm/push`, {
    method: 'POST',
    body: JSON.stringify({ path, body, twice }),
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return (await response.json<{ messageIds: string[] }>()).messageIds;
}

/**
 * Hands the Worker QStash's deliveries of `messageIds` exactly as they were sent (URL, headers,
 * body: the signature verifies as in production), once each has arrived; answers, in order.
 */
export async function deliverToApi(messageIds: readonly string[]): Promise<Response[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { calls } = await (await fetch(`${inject('partnersUrl')}/_control/api-calls`)).json<{
      calls: CapturedApiCall[];
    }>();
    const delivered = messageIds.map((id) => calls.find((call) => call.headers['upstash-message-id'] === id));
    if (delivered.every((call) => call !== undefined)) {
      const responses: Response[] = [];
      for (const call of delivered as CapturedApiCall[]) {
        responses.push(
          await exports.default.fetch(`${inject('partnersUrl')}${call.path}`, {
            method: 'POST',
            headers: call.headers,
            body: call.body,
          }),
        );
      }
      return responses;
    }
    if (Date.now() > deadline) throw new Error(`QStash did not deliver ${messageIds.join(', ')} in 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
