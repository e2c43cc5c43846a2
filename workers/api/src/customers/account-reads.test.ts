import type { customers } from '@edge-commerce/db';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_READ_TRUST_MS, AccountReads } from './account-reads';

const view = (id: string, firstName = 'Ada'): customers.CustomerView => ({
  id,
  email: `${id}@example.com`,
  emailVerified: false,
  firstName,
  lastName: null,
  phone: null,
  locale: 'en',
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
});

describe('AccountReads', () => {
  it('answers from its read for a few seconds, then reads again', async () => {
    const reads = new AccountReads();
    let loads = 0;
    const load = async () => {
      loads++;
      return view('cus_1', `read ${loads}`);
    };
    expect((await reads.find('ses_1', load, 0))?.firstName).toBe('read 1');
    expect((await reads.find('ses_1', load, ACCOUNT_READ_TRUST_MS - 1))?.firstName).toBe('read 1');
    expect((await reads.find('ses_1', load, ACCOUNT_READ_TRUST_MS))?.firstName).toBe('read 2');
    expect(loads).toBe(2);
  });

  it('never keeps a refusal: a session that opens nothing is asked about every time', async () => {
    const reads = new AccountReads();
    let loads = 0;
    const none = async () => {
      loads++;
      return undefined;
    };
    expect(await reads.find('ses_1', none, 0)).toBeUndefined();
    expect(await reads.find('ses_1', none, 1)).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('forgets a session, or every session of a customer, at once', async () => {
    const reads = new AccountReads();
    let loads = 0;
    const load = (id: string) => async () => {
      loads++;
      return view(id);
    };
    await reads.find('ses_a1', load('cus_a'), 0);
    await reads.find('ses_a2', load('cus_a'), 0);
    await reads.find('ses_b1', load('cus_b'), 0);
    reads.forgetSession('ses_a1');
    await reads.find('ses_a1', load('cus_a'), 1);
    expect(loads).toBe(4);
    reads.forgetCustomer('cus_a');
    await reads.find('ses_a1', load('cus_a'), 2);
    await reads.find('ses_a2', load('cus_a'), 2);
    await reads.find('ses_b1', load('cus_b'), 2);
    expect(loads).toBe(6);
  });
});
