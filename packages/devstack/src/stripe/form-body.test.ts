import { describe, expect, it } from 'vitest';
import { StripeApiError } from './errors';
import { listOf, parseFormBody } from './form-body';

describe("Stripe's form bodies", () => {
  it('nest hashes and lists by brackets, encoded or not, with + as a space', () => {
    expect(
      parseFormBody(
        'amount=2000&metadata[cartId]=cart_1&metadata%5Bnote%5D=gift+wrap&expand[]=latest_charge&expand[]=payment_method' +
          '&automatic_payment_methods[enabled]=true&items[][price]=p1&items[][quantity]=2&items[][price]=p2',
      ),
    ).toEqual({
      amount: '2000',
      metadata: { cartId: 'cart_1', note: 'gift wrap' },
      expand: ['latest_charge', 'payment_method'],
      automatic_payment_methods: { enabled: 'true' },
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
    });
  });

  it("read the SDK's indexed lists (expand[0]=…) as lists, in index order", () => {
    const body = parseFormBody('expand[1]=payment_method&expand[0]=latest_charge&metadata[0]=zero');
    expect(listOf(body.expand ?? '')).toEqual(['latest_charge', 'payment_method']);
    expect(body.metadata).toEqual({ 0: 'zero' });
    expect(listOf({ cartId: 'x' })).toBeUndefined();
  });

  it('keep an empty value (which unsets metadata) and refuse a name that is both a value and a hash', () => {
    expect(parseFormBody('metadata=&description=')).toEqual({ metadata: '', description: '' });
    expect(() => parseFormBody('metadata=x&metadata[a]=b')).toThrow(StripeApiError);
    expect(() => parseFormBody('a=%E0%A4%A')).toThrow(StripeApiError);
  });
});
