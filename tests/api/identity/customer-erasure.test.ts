import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventsFor } from '../catalog/catalog-rows';
import { withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { call, login, PASSWORD, register, type Session, uniqueAddress } from './customer-kit';

const HOME = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '12 St James’s Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

describe('GET /v1/customers/me/export', () => {
  it('holds the account, the address book and the sign-ins, and no secret', async () => {
    const first = await register({ firstName: 'Ada', phone: '+442079460000' });
    const second: Session = await (await login(first.customer.email, PASSWORD, uniqueAddress())).json();
    await call('POST', '/v1/auth/logout', { body: { refreshToken: second.refreshToken } });
    expect(
      (await call('POST', '/v1/customers/me/addresses', { token: first.accessToken, body: HOME })).status,
    ).toBe(201);

    const response = await call('GET', '/v1/customers/me/export', { token: first.accessToken });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${first.customer.id}-export.json"`,
    );
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const text = await response.text();
    const exported = JSON.parse(text);
    expect(exported.customer).toEqual(first.customer);
    expect(exported.addresses).toHaveLength(1);
    expect(exported.addresses[0]).toMatchObject({ ...HOME, isDefaultShipping: true });
    expect(
      exported.sessions.map((session: { revokedReason: string | null }) => session.revokedReason),
    ).toEqual([null, 'logout']);
    for (const secret of ['argon2', first.refreshToken, second.refreshToken, 'rt_', PASSWORD])
      expect(text).not.toContain(secret);

    // Recorded for the CRM's register of data-subject requests, with nothing personal in it.
    const events = await withDatabase((db) => eventsFor(db, [first.customer.id]));
    const requests = events.filter((event) => event.type === 'CustomerDataExported');
    expect(requests.map((event) => event.data)).toEqual([
      { customerId: first.customer.id, exportedAt: exported.exportedAt },
    ]);
    expect(JSON.stringify(requests)).not.toContain(first.customer.email);
  });
});

describe('DELETE /v1/customers/me', () => {
  const erase = (session: Session, password: string) =>
    call('DELETE', '/v1/customers/me', { token: session.accessToken, body: { password } });

  it('asks for the password, and erases nothing without it', async () => {
    const session = await register();
    await expectProblem(await erase(session, 'not my password'), 422, 'wrong_password');
    await expectProblem(
      await call('DELETE', '/v1/customers/me', { token: session.accessToken }),
      400,
      'validation_failed',
    );
    expect((await call('GET', '/v1/customers/me', { token: session.accessToken })).status).toBe(200);
  });

  it('erases the personal data for good, keeps a bare tombstone, and tells the CRM without saying who', async () => {
    const session = await register({ firstName: 'Grace', lastName: 'Hopper', phone: '+442079460000' });
    const { customer } = session;
    expect(
      (await call('POST', '/v1/customers/me/addresses', { token: session.accessToken, body: HOME })).status,
    ).toBe(201);
    expect((await erase(session, PASSWORD)).status).toBe(204);

    // Nothing opens it again: not its tokens, not its password.
    await expectProblem(
      await call('GET', '/v1/customers/me', { token: session.accessToken }),
      401,
      'unauthorized',
    );
    await expectProblem(
      await call('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }),
      401,
      'invalid_refresh_token',
    );
    await expectProblem(await login(customer.email, PASSWORD, uniqueAddress()), 401, 'invalid_credentials');

    const stored = await withDatabase(async (db) => {
      const { rows } = await db.execute<Record<string, unknown>>(
        sql`select * from customers where id = ${customer.id}`,
      );
      const addresses = await db.execute(
        sql`select 1 from customer_addresses where customer_id = ${customer.id}`,
      );
      const sessions = await db.execute(
        sql`select 1 from customer_sessions where customer_id = ${customer.id}`,
      );
      return {
        row: rows[0],
        addresses: addresses.rows.length,
        sessions: sessions.rows.length,
        events: await eventsFor(db, [customer.id]),
      };
    });
    expect(stored.row).toMatchObject({
      first_name: null,
      last_name: null,
      phone: null,
      email_verified_at: null,
    });
    expect(stored.row?.deleted_at).not.toBeNull();
    const row = JSON.stringify(stored.row);
    for (const personal of [customer.email, 'Grace', 'Hopper', '+442079460000', 'argon2'])
      expect(row).not.toContain(personal);
    expect(stored.addresses).toBe(0);
    expect(stored.sessions).toBe(0);
    expect(stored.events.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerDeleted']);
    expect(Object.keys(stored.events[1]?.data ?? {}).sort()).toEqual(['customerId', 'deletedAt']);

    // The address is free again: a new account, another id.
    const again = await call('POST', '/v1/customers', {
      body: { email: customer.email, password: PASSWORD },
      ip: uniqueAddress(),
    });
    expect(again.status).toBe(201);
    expect(((await again.json()) as Session).customer.id).not.toBe(customer.id);
  });
});
