import type { customers } from '@edge-commerce/db';

type CustomerView = customers.CustomerView;

interface Entry {
  customerId: string;
  view: CustomerView;
  /** Until when (epoch ms) the read stands for Postgres. */
  trustedUntil: number;
}

/**
 * How long an isolate answers `GET /v1/customers/me` from its own read of a session's account:
 * a logout, password change or erasure made through another isolate reaches it within this.
 */
export const ACCOUNT_READ_TRUST_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Recent reads of signed-in customers' accounts, by session (ADR 23): a storefront that asks for
 * the account on every page costs one indexed read every few seconds, not one per page. Only
 * reads use it; every write reads Postgres, and a change or revocation made through this isolate
 * forgets the customer's entries at once.
 */
export class AccountReads {
  private readonly entries = new Map<string, Entry>();

  /** The account a live session opens, read through `load` unless this isolate read it just now. */
  async find(
    sessionId: string,
    load: () => Promise<CustomerView | undefined>,
    now = Date.now(),
  ): Promise<CustomerView | undefined> {
    const entry = this.entries.get(sessionId);
    if (entry && entry.trustedUntil > now) return entry.view;
    const view = await load();
    if (view) this.remember(sessionId, view, now);
    else this.entries.delete(sessionId);
    return view;
  }

  /** Forgets one session (a logout through this isolate). */
  forgetSession(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  /** Forgets every session of a customer whose account changed or whose sessions ended. */
  forgetCustomer(customerId: string): void {
    for (const [sessionId, entry] of this.entries)
      if (entry.customerId === customerId) this.entries.delete(sessionId);
  }

  private remember(sessionId: string, view: CustomerView, now: number): void {
    // Oldest first: Map keeps insertion order, and a re-read entry is re-inserted.
    this.entries.delete(sessionId);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(sessionId, { customerId: view.id, view, trustedUntil: now + ACCOUNT_READ_TRUST_MS });
  }
}

/** This isolate's reads. */
export const accountReads = new AccountReads();
