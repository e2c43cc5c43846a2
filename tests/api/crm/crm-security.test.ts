import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newQStashSigningKey } from '../../../packages/devstack/src/qstash';
import { testCredentials } from '../../setup/integration-credentials';
import { API_ORIGIN, newMessageId, postSigned, signDelivery } from '../catalog/catalog-test-kit';
import { register } from '../identity/customer-kit';
import { expectProblem } from '../problem-assertions';
import {
  ok,
  PROFILES,
  type ProfileBatchResult,
  storedProfile,
  TICKETS,
  ticketOf,
  ticketRows,
} from './crm-kit';

// The CRM's deliveries are verified before anything is parsed: whatever does not verify is 401
// and changes nothing, and a verified one applies once per message id.

/** Signatures that must not open `path`: each changes one thing the real Receiver checks. */
const forgeries = (path: string) =>
  [
    ['signed with a key we do not hold', () => ({ signingKey: newQStashSigningKey() })],
    ['signed for another URL', () => ({ signedUrl: `${API_ORIGIN}/v1/integrations/wms/inventory-levels` })],
    ['signed for another host', () => ({ signedUrl: `https://evil.example${path}` })],
    ['expired', () => ({ now: Date.now() - 6 * 60_000 })],
  ] as const;

describe('CRM deliveries: signatures', { timeout: 60_000 }, () => {
  it.each(forgeries(PROFILES))(
    'refuses a profile batch %s with 401 and changes nothing',
    async (_case, options) => {
      const { customer } = await register({ firstName: 'Ada' });
      const batch = { profiles: [{ customerId: customer.id, sequence: 1, firstName: 'Forged' }] };
      const problem = await expectProblem(await postSigned(PROFILES, batch, options()), 401, 'unauthorized');
      expect(problem.detail).toContain('Upstash-Signature');
      expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Ada', crmSequence: null });
    },
  );

  it.each(forgeries(TICKETS))('refuses a ticket %s with 401 and records nothing', async (_case, options) => {
    const { customer } = await register();
    const ticket = ticketOf(customer.id);
    await expectProblem(await postSigned(TICKETS, ticket, options()), 401, 'unauthorized');
    expect(await ticketRows(ticket.ticketId)).toEqual([]);
  });

  it('refuses a body tampered with after signing, and a malformed unsigned body, with 401', async () => {
    const { customer } = await register({ firstName: 'Ada' });
    const batch = { profiles: [{ customerId: customer.id, sequence: 1, firstName: 'Signed' }] };
    const tampered = JSON.stringify({ profiles: [{ ...batch.profiles[0], firstName: 'Tampered' }] });
    await expectProblem(await postSigned(PROFILES, batch, { sentBody: tampered }), 401, 'unauthorized');
    const unsigned = await exports.default.fetch(`${API_ORIGIN}${PROFILES}`, {
      method: 'POST',
      body: '{"profiles": [',
      headers: { 'Content-Type': 'application/json' },
    });
    await expectProblem(unsigned, 401, 'unauthorized');
    expect(await storedProfile(customer.id)).toMatchObject({ firstName: 'Ada', crmSequence: null });
  });

  it('accepts the next signing key, and refuses a signature replayed under another message id', async () => {
    const { customer } = await register();
    const batch = { profiles: [{ customerId: customer.id, sequence: 1, firstName: 'Rotated' }] };
    const text = JSON.stringify(batch);
    const signature = await signDelivery(PROFILES, text, {
      signingKey: testCredentials.qstashNextSigningKey,
    });
    const messageId = newMessageId();
    const first = await ok<ProfileBatchResult>(await postSigned(PROFILES, batch, { signature, messageId }));
    expect(first.results[0]).toMatchObject({ outcome: 'applied' });
    // The same message id: QStash's redelivery, answered as before.
    const again = await postSigned(PROFILES, batch, { signature, messageId });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await ok<ProfileBatchResult>(again)).toEqual(first);
    // The captured signature under a message id of the attacker's choosing: refused.
    await expectProblem(
      await postSigned(PROFILES, batch, { signature, messageId: newMessageId() }),
      401,
      'unauthorized',
    );
  });
});
