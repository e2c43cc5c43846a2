import { resourceMissing } from './errors';
import { stripeId } from './ids';

/** What charging a test card does, as Stripe's testing docs describe each card. */
export type CardBehaviour =
  | { kind: 'approve'; risk: 'normal' | 'elevated' }
  | { kind: 'decline'; code: string; declineCode: string; message: string; sellerMessage: string }
  /** 3D Secure is required before every payment (until the stand-in's test hook completes it). */
  | { kind: 'authenticate' }
  /** Radar's highest risk level: blocked before it reaches the card network. */
  | { kind: 'block' };

interface TestCard {
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
  behaviour: CardBehaviour;
}

const GENERIC_DECLINE = 'The bank did not return any further details with this decline.';
const decline = (code: string, declineCode: string, message: string, sellerMessage = GENERIC_DECLINE) =>
  ({ kind: 'decline', code, declineCode, message, sellerMessage }) as const;

/** Stripe's test PaymentMethod tokens (docs.stripe.com/testing), each with its card's behaviour. */
const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: {
    brand: 'visa',
    last4: '4242',
    funding: 'credit',
    behaviour: { kind: 'approve', risk: 'normal' },
  },
  pm_card_visa_debit: {
    brand: 'visa',
    last4: '5556',
    funding: 'debit',
    behaviour: { kind: 'approve', risk: 'normal' },
  },
  pm_card_mastercard: {
    brand: 'mastercard',
    last4: '4444',
    funding: 'credit',
    behaviour: { kind: 'approve', risk: 'normal' },
  },
  pm_card_amex: {
    brand: 'amex',
    last4: '8431',
    funding: 'credit',
    behaviour: { kind: 'approve', risk: 'normal' },
  },
  pm_card_chargeDeclined: {
    brand: 'visa',
    last4: '0002',
    funding: 'credit',
    behaviour: decline('card_declined', 'generic_decline', 'Your card was declined.'),
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    behaviour: decline(
      'card_declined',
      'insufficient_funds',
      'Your card has insufficient funds.',
      'The bank returned the decline code `insufficient_funds`.',
    ),
  },
  pm_card_chargeDeclinedExpiredCard: {
    brand: 'visa',
    last4: '0069',
    funding: 'credit',
    behaviour: decline(
      'expired_card',
      'expired_card',
      'Your card has expired.',
      'The bank returned the decline code `expired_card`.',
    ),
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    brand: 'visa',
    last4: '0127',
    funding: 'credit',
    behaviour: decline(
      'incorrect_cvc',
      'incorrect_cvc',
      "Your card's security code is incorrect.",
      'The bank returned the decline code `incorrect_cvc`.',
    ),
  },
  pm_card_chargeDeclinedProcessingError: {
    brand: 'visa',
    last4: '0119',
    funding: 'credit',
    behaviour: decline(
      'processing_error',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
      'The bank returned the decline code `processing_error`.',
    ),
  },
  pm_card_authenticationRequired: {
    brand: 'visa',
    last4: '3184',
    funding: 'credit',
    behaviour: { kind: 'authenticate' },
  },
  pm_card_threeDSecure2Required: {
    brand: 'visa',
    last4: '3220',
    funding: 'credit',
    behaviour: { kind: 'authenticate' },
  },
  pm_card_riskLevelElevated: {
    brand: 'visa',
    last4: '9235',
    funding: 'credit',
    behaviour: { kind: 'approve', risk: 'elevated' },
  },
  pm_card_riskLevelHighest: { brand: 'visa', last4: '0019', funding: 'credit', behaviour: { kind: 'block' } },
};

/** A PaymentMethod as `GET /v1/payment_methods/:id` shows it (the card fields the shop may read). */
export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'unspecified';
  billing_details: {
    address: Record<'city' | 'country' | 'line1' | 'line2' | 'postal_code' | 'state', null>;
    email: null;
    name: null;
    phone: null;
    tax_id: null;
  };
  card: {
    brand: string;
    checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: 'unchecked' };
    country: 'US';
    display_brand: string;
    exp_month: number;
    exp_year: number;
    fingerprint: string;
    funding: string;
    generated_from: null;
    last4: string;
    networks: { available: string[]; preferred: null };
    regulated_status: 'unregulated';
    three_d_secure_usage: { supported: true };
    wallet: null;
  };
  created: number;
  customer: null;
  livemode: false;
  metadata: Record<string, string>;
  type: 'card';
}

/**
 * The account's PaymentMethods. As at Stripe, using a test token (`pm_card_visa`) creates a new
 * PaymentMethod with its own `pm_…` id, which later calls may use again; each remembers how its
 * test card behaves.
 */
export class PaymentMethods {
  private readonly byId = new Map<string, { method: PaymentMethod; behaviour: CardBehaviour }>();

  constructor(private readonly now: () => number) {}

  /** The PaymentMethod a `payment_method` parameter names, created anew for a test token. */
  resolve(idOrToken: string): PaymentMethod {
    const stored = this.byId.get(idOrToken);
    if (stored) return stored.method;
    const card = TEST_CARDS[idOrToken];
    if (!card) throw resourceMissing('PaymentMethod', idOrToken, 'payment_method', 400);
    const method = this.cardMethod(card, idOrToken);
    this.byId.set(method.id, { method, behaviour: card.behaviour });
    return method;
  }

  find(id: string): PaymentMethod | undefined {
    return this.byId.get(id)?.method;
  }

  behaviourOf(id: string): CardBehaviour {
    const stored = this.byId.get(id);
    if (!stored) throw resourceMissing('PaymentMethod', id, 'payment_method', 400);
    return stored.behaviour;
  }

  private cardMethod(card: TestCard, token: string): PaymentMethod {
    const created = Math.floor(this.now() / 1000);
    return {
      id: stripeId('pm'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: null,
        phone: null,
        tax_id: null,
      },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
        country: 'US',
        display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
        exp_month: 12,
        exp_year: new Date(this.now()).getUTCFullYear() + 3,
        // Stable per test card, as a real card's fingerprint is.
        fingerprint: `fp${Buffer.from(token).toString('base64url').slice(-14)}`,
        funding: card.funding,
        generated_from: null,
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created,
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    };
  }
}
