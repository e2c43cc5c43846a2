import { describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import {
  newMessageId,
  onEmbeddedPglite,
  postSigned,
  postSignedText,
  postWithKey,
  uniqueSuffix,
} from '../catalog/catalog-test-kit';
import { call, PASSWORD, register } from '../identity/customer-kit';
import { expectProblem } from '../problem-assertions';
import {
  customerUpdates,
  deliverToApi,
  ok,
  PROFILES,
  type ProfileBatchResult,
  postProfiles,
  pushFromCrm,
  storedProfile,
} from './crm-kit';

// POST /v1/integrations/crm/profiles: the CRM's profile changes land once, in the CRM's order,
// each recording CustomerUpdated as the customer's own edit would; email and password never.

describe('POST /v1/integrations/crm/profiles', { timeout: 60_000 }, () => {
  it('changes the fields sent, keeps the others, and records CustomerUpdated naming them', async () => {
    const { customer, accessToken } = await register({
      firstName: 'Ada',
      lastName: 'Byron',
      phone: '+442079460000',
    });

    const body = await ok<ProfileBatchResult>(
      await postProfiles([
        { customerId: customer.id, sequence: 3, lastName: 'Lovelace', phone: null, locale: 'en-GB' },
      ]),
    );

    expect(body).toMatchObject({ applied: 1, stale: 0, unknownCustomer: 0 });
    expect(body.results).toEqual([
      {
        index: 0,
        customerId: customer.id,
        sequence: 3,
        outcome: 'applied',
        changed: ['lastName', 'phone', 'locale'],
        currentSequence: 3,
      },
    ]);
    expect(await storedProfile(customer.id)).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: null,
      locale: 'en-GB',
      email: customer.email,
      crmSequence: 3,
    });
    expect(await customerUpdates(customer.id)).toEqual([
      expect.objectContaining({
        lastName: 'Lovelace',
        phone: null,
        changed: ['lastName', 'phone', 'locale'],
        // So the CRM can tell its own change coming back from one the customer made.
        source: 'crm',
      }),
    ]);
    // The customer sees it at once.
    const me = await call('GET', '/v1/customers/me', { token: accessToken });
    expect(await me.json()).toMatchObject({ lastName: 'Lovelace', locale: 'en-GB' });
  });

  it('reports an update not above the stored version stale and changes nothing, even under a new message id', async () => {
    const { customer } = await register();
    await ok(await postProfiles([{ customerId: customer.id, sequence: 5, firstName: 'Five' }]));

    const older = await ok<ProfileBatchResult>(
      await postProfiles([{ customerId: customer.id, sequence: 4, firstName: 'Four' }]),
    );
    const same = await ok<ProfileBatchResult>(
      await postProfiles([{ customerId: customer.id, sequence: 5, firstName: 'Five again' }]),
    );

    for (const body of [older, same]) {
      expect(body).toMatchObject({ applied: 0, stale: 1 });
      expect(body.results[0]).toMatchObject({ outcome: 'stale', currentSequence: 5 });
      expect(body.results[0]).not.toHaveProperty('changed');
    }
    expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Five', crmSequence: 5 });
    expect(await customerUpdates(customer.id)).toHaveLength(1);
  });

  it('stores a newer version that changes no value without recording an event', async () => {
    const { customer } = await register({ firstName: 'Ada' });
    const body = await ok<ProfileBatchResult>(
      await postProfiles([{ customerId: customer.id, sequence: 1, firstName: 'Ada' }]),
    );
    expect(body.results[0]).toMatchObject({ outcome: 'applied', changed: [], currentSequence: 1 });
    expect(await storedProfile(customer.id)).toMatchObject({ crmSequence: 1 });
    expect(await customerUpdates(customer.id)).toEqual([]);
  });

  it('reports an unknown or erased customer per item and applies the others', async () => {
    const [kept, erased] = [await register(), await register()];
    const deleted = await call('DELETE', '/v1/customers/me', {
      token: erased.accessToken,
      body: { password: PASSWORD },
    });
    expect(deleted.status, await deleted.clone().text()).toBe(204);
    const nobody = `cus_${uniqueSuffix()}`;

    const body = await ok<ProfileBatchResult>(
      await postProfiles([
        { customerId: nobody, sequence: 1, firstName: 'Ghost' },
        { customerId: erased.customer.id, sequence: 1, firstName: 'Back from the dead' },
        { customerId: kept.customer.id, sequence: 1, firstName: 'Kept' },
      ]),
    );

    expect(body).toMatchObject({ applied: 1, stale: 0, unknownCustomer: 2 });
    expect(body.results.map((item) => item.outcome)).toEqual([
      'unknown_customer',
      'unknown_customer',
      'applied',
    ]);
    expect(body.results[0]).toEqual({
      index: 0,
      customerId: nobody,
      sequence: 1,
      outcome: 'unknown_customer',
    });
    expect(await storedProfile(erased.customer.id)).toMatchObject({ firstName: null, crmSequence: null });
    expect(await storedProfile(kept.customer.id)).toMatchObject({ firstName: 'Kept' });
  });

  it('answers a redelivery of one message id with the first answer and changes nothing', async () => {
    const { customer } = await register();
    const messageId = newMessageId();
    const batch = { profiles: [{ customerId: customer.id, sequence: 1, firstName: 'First' }] };
    const first = await postSigned(PROFILES, batch, { messageId });
    const firstBody = await ok<ProfileBatchResult>(first);
    await ok(await postProfiles([{ customerId: customer.id, sequence: 2, firstName: 'Second' }]));

    const again = await postSigned(PROFILES, batch, { messageId });

    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await ok<ProfileBatchResult>(again)).toEqual(firstBody);
    expect(firstBody.results[0]).toMatchObject({ outcome: 'applied' });
    expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Second', crmSequence: 2 });
    expect(await customerUpdates(customer.id)).toHaveLength(2);
  });

  it('applies a change the local CRM pushes twice through QStash once: the second message is stale', async () => {
    const { customer } = await register();
    const batch = { profiles: [{ customerId: customer.id, sequence: 7, firstName: 'Pushed' }] };
    const messageIds = await pushFromCrm(PROFILES, batch, true);

    const answers = await Promise.all(
      (await deliverToApi(messageIds)).map((answer) => ok<ProfileBatchResult>(answer)),
    );

    expect(answers.map((answer) => answer.results[0]?.outcome)).toEqual(['applied', 'stale']);
    expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Pushed', crmSequence: 7 });
    expect(await customerUpdates(customer.id)).toHaveLength(1);
  });

  it.each([
    ['an email address', { email: 'new@example.com' }],
    ['a password', { password: 'an entirely new secret' }],
    ['a server-owned field', { emailVerified: true }],
    ['a malformed phone', { phone: '0207 946 0000' }],
    ['a malformed locale', { locale: 'English' }],
    ['a null locale', { locale: null }],
    ['no sequence', { sequence: undefined }],
    ['a fractional sequence', { sequence: 1.5 }],
    ['a malformed customer id', { customerId: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s' }],
  ])('refuses %s with 400 problem+json and changes nothing', async (_case, fields) => {
    const { customer } = await register({ firstName: 'Ada' });
    const response = await postProfiles([
      { customerId: customer.id, sequence: 1, firstName: 'Changed', ...fields },
    ]);
    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.length).toBeGreaterThan(0);
    expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Ada', crmSequence: null });
  });

  it('refuses an empty batch and malformed JSON (400), a customer twice (422), an oversized batch (413)', async () => {
    const { customer } = await register();
    await expectProblem(await postProfiles([]), 400, 'validation_failed');
    await expectProblem(await postSignedText(PROFILES, '{"profiles": ['), 400, 'malformed_json');
    const twice = await postProfiles([
      { customerId: customer.id, sequence: 1, firstName: 'One' },
      { customerId: customer.id, sequence: 2, firstName: 'Two' },
    ]);
    const rejected = await expectProblem(twice, 422, 'batch_rejected');
    expect(rejected.errors).toEqual([
      { path: 'profiles[1]', message: 'repeats the customerId of profiles[0]' },
    ]);
    const oversized = Array.from({ length: 101 }, (_, index) => ({
      customerId: customer.id,
      sequence: index + 1,
    }));
    await expectProblem(await postProfiles(oversized), 413, 'batch_too_large');
    expect(await storedProfile(customer.id)).toMatchObject({ crmSequence: null });
  });

  it('requires an Idempotency-Key with a partner key, and crm:write', async () => {
    const { customer } = await register();
    const profiles = [{ customerId: customer.id, sequence: 1, firstName: 'Nope' }];
    const noKey = await postWithKey(
      PROFILES,
      { profiles },
      { key: testCredentials.crmPartnerKey, idempotencyKey: null },
    );
    const problem = await expectProblem(noKey, 400, 'idempotency_key_required');
    expect(problem.detail).toContain('Idempotency-Key');
    for (const key of [testCredentials.crmReaderKey, testCredentials.wmsPartnerKey]) {
      const refused = await expectProblem(
        await postWithKey(PROFILES, { profiles }, { key }),
        403,
        'forbidden',
      );
      expect(refused.requiredScope).toBe('crm:write');
    }
    expect(await storedProfile(customer.id)).toMatchObject({ firstName: null, crmSequence: null });
  });
});

const skipOnPglite = await onEmbeddedPglite();

describe.skipIf(skipOnPglite)(
  'CRM profile deliveries racing each other (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('10 concurrent deliveries of one customer’s versions: the highest wins, and events follow the applied ones', async () => {
      const { customer } = await register();
      const sequences = Array.from({ length: 10 }, (_, index) => index + 1).sort(() => Math.random() - 0.5);

      const responses = await Promise.all(
        sequences.map((sequence) =>
          postSigned(PROFILES, {
            profiles: [{ customerId: customer.id, sequence, firstName: `Version ${sequence}` }],
          }),
        ),
      );

      const bodies = await Promise.all(responses.map((response) => ok<ProfileBatchResult>(response)));
      const applied = bodies.filter((body) => body.results[0]?.outcome === 'applied');
      expect(applied.length + bodies.filter((body) => body.results[0]?.outcome === 'stale').length).toBe(10);
      expect(applied.some((body) => body.results[0]?.sequence === 10)).toBe(true);
      expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Version 10', crmSequence: 10 });
      // Each applied version was newer than every one applied before it, and recorded one event.
      const events = await customerUpdates(customer.id);
      expect(events).toHaveLength(applied.length);
      const versions = events.map((event) => Number(event.firstName?.replace('Version ', '')));
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(versions.at(-1)).toBe(10);
    });
  },
);
