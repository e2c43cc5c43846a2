import { stripeId } from './ids';
import type { CardBehaviour, PaymentMethod } from './payment-methods';

export interface ChargeOutcome {
  advice_code: null;
  network_advice_code: null;
  network_decline_code: null;
  network_status: 'approved_by_network' | 'declined_by_network' | 'not_sent_to_network';
  reason: string | null;
  risk_level: 'normal' | 'elevated' | 'highest';
  risk_score: number;
  seller_message: string;
  type: 'authorized' | 'issuer_declined' | 'blocked';
}

/** A Charge as Stripe's API shows it at this API version (without the old embedded `refunds` list). */
export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: PaymentMethod['billing_details'];
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  disputed: false;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Record<string, string>;
  on_behalf_of: null;
  outcome: ChargeOutcome;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: {
    card: {
      amount_authorized: number | null;
      brand: string;
      checks: PaymentMethod['card']['checks'];
      country: string;
      exp_month: number;
      exp_year: number;
      fingerprint: string;
      funding: string;
      last4: string;
      network: string;
      three_d_secure: { authentication_flow: 'challenge'; result: 'authenticated'; version: '2.2.0' } | null;
    };
    type: 'card';
  };
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: null;
  refunded: boolean;
  review: null;
  shipping: null;
  source: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: 'succeeded' | 'failed';
  transfer_data: null;
  transfer_group: null;
}

export interface ChargeAttempt {
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  paymentIntent: string;
  paymentMethod: PaymentMethod;
  /** The card's behaviour once any 3D Secure step is behind it (never 'authenticate'). */
  behaviour: Exclude<CardBehaviour, { kind: 'authenticate' }>;
  authenticated: boolean;
  created: number;
}

/** The charge one confirmation makes: paid, declined by the issuer, or blocked by Radar. */
export function chargeCard(attempt: ChargeAttempt): Charge {
  const { behaviour, paymentMethod } = attempt;
  const succeeded = behaviour.kind === 'approve';
  const outcome = outcomeOf(behaviour);
  const failure =
    behaviour.kind === 'decline'
      ? { code: behaviour.code, message: behaviour.message }
      : behaviour.kind === 'block'
        ? { code: 'card_declined', message: 'Your card was declined.' }
        : null;
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount: attempt.amount,
    amount_captured: succeeded ? attempt.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? stripeId('txn') : null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: 'EDGE COMMERCE',
    captured: succeeded,
    created: attempt.created,
    currency: attempt.currency,
    customer: null,
    description: attempt.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...attempt.metadata },
    on_behalf_of: null,
    outcome,
    paid: succeeded,
    payment_intent: attempt.paymentIntent,
    payment_method: paymentMethod.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? attempt.amount : null,
        brand: paymentMethod.card.brand,
        checks: paymentMethod.card.checks,
        country: paymentMethod.card.country,
        exp_month: paymentMethod.card.exp_month,
        exp_year: paymentMethod.card.exp_year,
        fingerprint: paymentMethod.card.fingerprint,
        funding: paymentMethod.card.funding,
        last4: paymentMethod.card.last4,
        network: paymentMethod.card.brand,
        three_d_secure: attempt.authenticated
          ? { authentication_flow: 'challenge', result: 'authenticated', version: '2.2.0' }
          : null,
      },
      type: 'card',
    },
    receipt_email: attempt.receiptEmail,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}

// Risk scores are fixed per level (Stripe's vary within each band: 0-64 normal, 65-74 elevated,
// 75-100 highest), so that tests can assert them.
function outcomeOf(behaviour: ChargeAttempt['behaviour']): ChargeOutcome {
  const none = { advice_code: null, network_advice_code: null, network_decline_code: null } as const;
  switch (behaviour.kind) {
    case 'approve':
      return {
        ...none,
        network_status: 'approved_by_network',
        reason: behaviour.risk === 'elevated' ? 'elevated_risk_level' : null,
        risk_level: behaviour.risk,
        risk_score: behaviour.risk === 'elevated' ? 70 : 20,
        seller_message: 'Payment complete.',
        type: 'authorized',
      };
    case 'decline':
      return {
        ...none,
        network_status: 'declined_by_network',
        reason: behaviour.declineCode,
        risk_level: 'normal',
        risk_score: 20,
        seller_message: behaviour.sellerMessage,
        type: 'issuer_declined',
      };
    case 'block':
      return {
        ...none,
        network_status: 'not_sent_to_network',
        reason: 'highest_risk_level',
        risk_level: 'highest',
        risk_score: 95,
        seller_message: 'Stripe blocked this payment as too risky.',
        type: 'blocked',
      };
  }
}
