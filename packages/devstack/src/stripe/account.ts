import type { Charge } from './charges';
import { EventLog } from './events';
import type { PaymentIntent } from './payment-intents';
import { PaymentMethods } from './payment-methods';
import type { Refund } from './refunds';

/**
 * One Stripe account in test mode: its objects and events. Held in memory only, on purpose: the
 * stand-in serves a development stack and test runs, which each start from an empty account.
 */
export class TestModeAccount {
  readonly paymentIntents = new Map<string, PaymentIntent>();
  /** Where a PaymentIntent confirmed with `return_url` sends the customer back to. */
  readonly returnUrls = new Map<string, string>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly paymentMethods: PaymentMethods;
  readonly events: EventLog;

  constructor(
    readonly apiVersion: string,
    readonly now: () => number,
    /** The stand-in's own origin, for the 3D Secure page a `next_action` points to. */
    readonly publicUrl: string,
  ) {
    this.paymentMethods = new PaymentMethods(now);
    this.events = new EventLog(apiVersion, now);
  }

  /** Unix seconds, as every `created` field holds them. */
  timestamp(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Any object by its id, for `expand[]`. */
  objectById(id: string): object | undefined {
    return (
      this.paymentIntents.get(id) ??
      this.charges.get(id) ??
      this.refunds.get(id) ??
      this.paymentMethods.find(id) ??
      undefined
    );
  }
}
