import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeStandIn, startStripeStandIn } from './server';
import { stripeFor, thrownBy } from './testing';

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = stripeFor(standIn);
});
afterAll(() => standIn.stop());

const paidIntent = () =>
  stripe.paymentIntents.create({
    amount: 3_000,
    currency: 'usd',
    allowed_payment_method_types: ['card'],
    payment_method: 'pm_card_visa',
    confirm: true,
  });

describe('refunds through the stripe SDK', () => {
  it('refunds in part and then the rest, keeping the charge’s amount_refunded and refunded', async () => {
    const intent = await paidIntent();
    const part = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 1_000,
      reason: 'requested_by_customer',
      metadata: { returnId: 'ret_1' },
    });
    expect(part).toMatchObject({
      object: 'refund',
      amount: 1_000,
      currency: 'usd',
      status: 'succeeded',
      payment_intent: intent.id,
      charge: intent.latest_charge,
      reason: 'requested_by_customer',
      metadata: { returnId: 'ret_1' },
    });
    expect(part.id).toMatch(/^re_/);
    expect(await stripe.charges.retrieve(String(intent.latest_charge))).toMatchObject({
      amount_refunded: 1_000,
      refunded: false,
    });

    const rest = await stripe.refunds.create({ charge: String(intent.latest_charge) });
    expect(rest.amount).toBe(2_000);
    expect(await stripe.charges.retrieve(String(intent.latest_charge))).toMatchObject({
      amount_refunded: 3_000,
      refunded: true,
    });
    expect(await stripe.refunds.retrieve(part.id)).toEqual(part);
    const listed = await stripe.refunds.list({ payment_intent: intent.id });
    expect(listed.data.map((refund) => refund.id)).toEqual([rest.id, part.id]);
  });

  it('refuses more than what is left, and anything once all is refunded', async () => {
    const intent = await paidIntent();
    await stripe.refunds.create({ payment_intent: intent.id, amount: 2_500 });
    const tooMuch = await thrownBy(stripe.refunds.create({ payment_intent: intent.id, amount: 501 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount', code: 'amount_too_large' });
    expect(tooMuch.message).toBe('Refund amount ($5.01) is greater than unrefunded amount on charge ($5.00)');

    await stripe.refunds.create({ payment_intent: intent.id });
    const again = await thrownBy(stripe.refunds.create({ payment_intent: intent.id }));
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('refuses an intent that was never paid, an unknown one, and a request naming neither', async () => {
    const unpaid = await stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    expect(await thrownBy(stripe.refunds.create({ payment_intent: unpaid.id }))).toMatchObject({
      statusCode: 400,
      param: 'payment_intent',
    });
    expect(await thrownBy(stripe.refunds.create({ payment_intent: 'pi_unknown' }))).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_intent',
    });
    expect(await thrownBy(stripe.refunds.create({}))).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
    });
    expect(await thrownBy(stripe.refunds.retrieve('re_unknown'))).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });
});
