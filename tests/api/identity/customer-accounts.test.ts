import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventsFor } from '../catalog/catalog-rows';
import { withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import {
  type Customer,
  call,
  login,
  PASSWORD,
  register,
  type Session,
  uniqueAddress,
  uniqueEmail,
} from './customer-kit';

describe('POST /v1/customers', () => {
  it('creates the account, signs it in and records CustomerRegistered with it', async () => {
    const email = uniqueEmail('Ada.Lovelace');
    const response = await call('POST', '/v1/customers', {
      body: { email, password: PASSWORD, firstName: '  Ada ', lastName: 'Lovelace', locale: 'en-GB' },
      ip: uniqueAddress(),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('Location')).toBe('/v1/customers/me');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const session: Session = await response.json();
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      customer: {
        email,
        emailVerified: false,
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: null,
        locale: 'en-GB',
      },
    });
    expect(session.customer.id).toMatch(/^cus_[0-9a-z]{26}$/);
    expect(session.refreshToken).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(session.accessToken.split('.')).toHaveLength(3);

    const stored = await withDatabase(async (db) => {
      const events = await eventsFor(db, [session.customer.id]);
      const { rows } = await db.execute<{ password_hash: string }>(
        sql`select password_hash from customers where id = ${session.customer.id}`,
      );
      return { events, passwordHash: rows[0]?.password_hash };
    });
    expect(stored.events.map((event) => [event.type, event.version, event.aggregateType])).toEqual([
      ['CustomerRegistered', 1, 'customer'],
    ]);
    expect(stored.events[0]?.data).toEqual({
      customerId: session.customer.id,
      email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: null,
      locale: 'en-GB',
      emailVerified: false,
    });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
  });

  it('refuses an address an account already has, in any case', async () => {
    const first = await register();
    const response = await call('POST', '/v1/customers', {
      body: { email: first.customer.email.toUpperCase(), password: PASSWORD },
      ip: uniqueAddress(),
    });
    await expectProblem(response, 409, 'email_taken');
  });

  it('makes one account of many registrations racing for one address', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        call('POST', '/v1/customers', {
          body: { email: index % 2 ? email : email.toUpperCase(), password: PASSWORD },
          ip: uniqueAddress(),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, ...Array(11).fill(409)]);
    const accounts = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ count: number }>(
        sql`select count(*)::int as count from customers where lower(email) = lower(${email})`,
      );
      return rows[0]?.count;
    });
    expect(accounts).toBe(1);
  });

  it.each([
    ['a short password', { password: 'short1' }, 'password'],
    ['a common password', { password: 'Password123' }, 'password'],
    [
      'the email as password',
      { email: 'correcthorse@example.com', password: 'correcthorse@example.com' },
      'password',
    ],
    ['a password past 256 characters', { password: 'x'.repeat(257) }, 'password'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
    ['an email with a control character', { email: 'a\u0000b@example.com' }, 'email'],
    ['a phone that is not E.164', { phone: '020 7946 0000' }, 'phone'],
    ['a locale that is not BCP 47', { locale: 'english' }, 'locale'],
    ['a server-owned id', { id: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a' }, ''],
    ['a server-owned emailVerified', { emailVerified: true }, ''],
    ['a password that is not a string', { password: 12345678 }, 'password'],
  ])('refuses %s with 400 and stores nothing', async (_case, fields, path) => {
    const email = uniqueEmail('refused');
    const response = await call('POST', '/v1/customers', {
      body: { email, password: PASSWORD, ...fields },
      ip: uniqueAddress(),
    });
    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path)).toContain(path);
    const stored = await withDatabase(async (db) => {
      const { rows } = await db.execute(sql`select 1 from customers where lower(email) = lower(${email})`);
      return rows.length;
    });
    expect(stored).toBe(0);
  });
});

describe('POST /v1/auth/login', () => {
  it('signs in with the email in any case and the password', async () => {
    const { customer } = await register();
    const response = await login(customer.email.toUpperCase(), PASSWORD, uniqueAddress());
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const session: Session = await response.json();
    expect(session.customer).toEqual(customer);
    const me = await call('GET', '/v1/customers/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(customer);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const { customer } = await register();
    const ip = uniqueAddress();
    const wrong = await expectProblem(
      await login(customer.email, `${PASSWORD}!`, ip),
      401,
      'invalid_credentials',
    );
    const unknown = await expectProblem(
      await login(uniqueEmail('nobody'), PASSWORD, ip),
      401,
      'invalid_credentials',
    );
    const { requestId: _a, ...wrongRest } = wrong;
    const { requestId: _b, ...unknownRest } = unknown;
    expect(wrongRest).toEqual(unknownRest);
  });

  it('limits attempts per account and address, before checking any password', async () => {
    const { customer } = await register();
    const ip = uniqueAddress();
    // LOGIN_ATTEMPTS_PER_ACCOUNT is 10 in every 15 minutes, right or wrong.
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await login(customer.email, attempt === 4 ? PASSWORD : 'wrong password', ip);
      expect(response.status, `attempt ${attempt + 1}`).toBe(attempt === 4 ? 200 : 401);
    }
    const refused = await login(customer.email, PASSWORD, ip);
    await expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Another address may still sign in to the account, and this address to another account.
    expect((await login(customer.email, PASSWORD, uniqueAddress())).status).toBe(200);
    const other = await register();
    expect((await login(other.customer.email, PASSWORD, ip)).status).toBe(200);
  });

  it.each([
    ['no password', { email: 'a@example.com' }],
    ['an empty password', { email: 'a@example.com', password: '' }],
    ['an unknown field', { email: 'a@example.com', password: PASSWORD, remember: true }],
    ['a password past 1024 characters', { email: 'a@example.com', password: 'x'.repeat(1025) }],
  ])('refuses %s with 400', async (_case, body) => {
    await expectProblem(
      await call('POST', '/v1/auth/login', { body, ip: uniqueAddress() }),
      400,
      'validation_failed',
    );
  });
});

describe('POST /v1/auth/refresh', () => {
  const refresh = (refreshToken: string) => call('POST', '/v1/auth/refresh', { body: { refreshToken } });

  it('trades a refresh token for a new pair in the same session, once', async () => {
    const first = await register();
    const response = await refresh(first.refreshToken);
    expect(response.status).toBe(200);
    const second: Session = await response.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.customer).toEqual(first.customer);
    expect((await call('GET', '/v1/customers/me', { token: second.accessToken })).status).toBe(200);
    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('ends the whole session when a spent refresh token comes back', async () => {
    const first = await register();
    const second: Session = await (await refresh(first.refreshToken)).json();
    await expectProblem(await refresh(first.refreshToken), 401, 'invalid_refresh_token');
    // The thief presented the old token; the holder of the new one is signed out too.
    await expectProblem(await refresh(second.refreshToken), 401, 'invalid_refresh_token');
    const reason = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ revoked_reason: string }>(
        sql`select revoked_reason from customer_sessions where customer_id = ${first.customer.id}`,
      );
      return rows.map((row) => row.revoked_reason);
    });
    expect(reason).toEqual(['refresh_token_reused']);
  });

  it('lets one of many parallel refreshes with one token through, and then ends the session', async () => {
    const { refreshToken } = await register();
    const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(refreshToken)));
    const ok = responses.filter((response) => response.status === 200);
    expect(ok).toHaveLength(1);
    for (const response of responses.filter((each) => each.status !== 200))
      await expectProblem(response, 401, 'invalid_refresh_token');
    const [winning] = ok;
    if (!winning) throw new Error('no refresh succeeded');
    const winner: Session = await winning.json();
    await expectProblem(await refresh(winner.refreshToken), 401, 'invalid_refresh_token');
  });

  it.each([
    ['an unknown token', `rt_${'A'.repeat(43)}`],
    ['a token of another shape', 'sk_test_notARefreshToken'],
    ['an empty token', ''],
  ])('refuses %s with 401', async (_case, token) => {
    await expectProblem(await refresh(token), 401, 'invalid_refresh_token');
  });

  it('refuses a refresh token past its lifetime', async () => {
    const { refreshToken, customer } = await register();
    await withDatabase((db) =>
      db.execute(sql`
        update refresh_tokens set expires_at = now() - interval '1 second'
        where session_id in (select id from customer_sessions where customer_id = ${customer.id})`),
    );
    await expectProblem(await refresh(refreshToken), 401, 'invalid_refresh_token');
  });
});

describe('POST /v1/auth/logout', () => {
  it('ends the session: its refresh token works no more, other sessions go on', async () => {
    const registered = await register();
    const other: Session = await (await login(registered.customer.email, PASSWORD, uniqueAddress())).json();
    const response = await call('POST', '/v1/auth/logout', {
      body: { refreshToken: registered.refreshToken },
    });
    expect(response.status).toBe(204);
    await expectProblem(
      await call('POST', '/v1/auth/refresh', { body: { refreshToken: registered.refreshToken } }),
      401,
      'invalid_refresh_token',
    );
    expect(
      (await call('POST', '/v1/auth/refresh', { body: { refreshToken: other.refreshToken } })).status,
    ).toBe(200);
    // Again, and with a token that never was: the same 204.
    expect(
      (await call('POST', '/v1/auth/logout', { body: { refreshToken: registered.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await call('POST', '/v1/auth/logout', { body: { refreshToken: `rt_${'B'.repeat(43)}` } })).status,
    ).toBe(204);
  });
});

describe('/v1/customers/me', () => {
  it('changes the profile fields sent, clears nulls and records what changed', async () => {
    const { accessToken, customer } = await register({ firstName: 'Ada', phone: '+442079460000' });
    expect(await (await call('GET', '/v1/customers/me', { token: accessToken })).json()).toEqual(customer);
    const response = await call('PATCH', '/v1/customers/me', {
      token: accessToken,
      body: { lastName: 'Byron', phone: null, locale: 'fr-FR' },
    });
    expect(response.status).toBe(200);
    const updated: Customer = await response.json();
    expect(updated).toMatchObject({ firstName: 'Ada', lastName: 'Byron', phone: null, locale: 'fr-FR' });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(customer.updatedAt));
    // The change shows at once in the account's reads, not after the instance's few seconds.
    expect(await (await call('GET', '/v1/customers/me', { token: accessToken })).json()).toEqual(updated);

    // Sending what is already there changes nothing and records nothing.
    expect(
      (await call('PATCH', '/v1/customers/me', { token: accessToken, body: { lastName: 'Byron' } })).status,
    ).toBe(200);
    const events = await withDatabase((db) => eventsFor(db, [customer.id]));
    expect(events.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerUpdated']);
    expect(events[1]?.data).toMatchObject({
      changed: ['lastName', 'phone', 'locale'],
      lastName: 'Byron',
      phone: null,
      source: 'customer',
    });
  });

  it.each([
    ['the email', { email: 'other@example.com' }],
    ['the password', { password: 'a new long passphrase' }],
    ['the id', { id: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a' }],
    ['emailVerified', { emailVerified: true }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00.000Z' }],
    ['a malformed phone', { phone: 'call me' }],
    ['an empty first name', { firstName: '   ' }],
  ])('refuses a change of %s with 400 and changes nothing', async (_case, body) => {
    const { accessToken, customer } = await register();
    await expectProblem(
      await call('PATCH', '/v1/customers/me', { token: accessToken, body }),
      400,
      'validation_failed',
    );
    const me: Customer = await (await call('GET', '/v1/customers/me', { token: accessToken })).json();
    expect(me).toEqual(customer);
  });

  it("refuses, at once, the access token of a session that ended, and only that session's", async () => {
    const first = await register();
    const second: Session = await (await login(first.customer.email, PASSWORD, uniqueAddress())).json();
    // Read first, so the instance holds a recent read of the session for the logout to forget.
    expect((await call('GET', '/v1/customers/me', { token: first.accessToken })).status).toBe(200);
    await call('POST', '/v1/auth/logout', { body: { refreshToken: first.refreshToken } });
    const response = await call('GET', '/v1/customers/me', { token: first.accessToken });
    await expectProblem(response, 401, 'unauthorized');
    expect(response.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
    expect((await call('GET', '/v1/customers/me', { token: second.accessToken })).status).toBe(200);
  });
});

describe('POST /v1/customers/me/password', () => {
  const change = (token: string, body: unknown) => call('POST', '/v1/customers/me/password', { token, body });

  it('sets the new password and ends every session but the one it answers', async () => {
    const first = await register();
    const other: Session = await (await login(first.customer.email, PASSWORD, uniqueAddress())).json();
    const response = await change(first.accessToken, {
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(response.status).toBe(200);
    const fresh: Session = await response.json();

    for (const stale of [first, other]) {
      await expectProblem(
        await call('GET', '/v1/customers/me', { token: stale.accessToken }),
        401,
        'unauthorized',
      );
      await expectProblem(
        await call('POST', '/v1/auth/refresh', { body: { refreshToken: stale.refreshToken } }),
        401,
        'invalid_refresh_token',
      );
    }
    expect((await call('GET', '/v1/customers/me', { token: fresh.accessToken })).status).toBe(200);
    await expectProblem(
      await login(first.customer.email, PASSWORD, uniqueAddress()),
      401,
      'invalid_credentials',
    );
    expect((await login(first.customer.email, 'a brand new passphrase', uniqueAddress())).status).toBe(200);
  });

  it('refuses a wrong current password, a weak new one and the same one, changing nothing', async () => {
    const session = await register();
    await expectProblem(
      await change(session.accessToken, {
        currentPassword: 'not it at all',
        newPassword: 'a brand new passphrase',
      }),
      422,
      'wrong_password',
    );
    await expectProblem(
      await change(session.accessToken, { currentPassword: PASSWORD, newPassword: 'password1' }),
      400,
      'validation_failed',
    );
    await expectProblem(
      await change(session.accessToken, { currentPassword: PASSWORD, newPassword: PASSWORD }),
      400,
      'validation_failed',
    );
    expect((await call('GET', '/v1/customers/me', { token: session.accessToken })).status).toBe(200);
    expect((await login(session.customer.email, PASSWORD, uniqueAddress())).status).toBe(200);
  });

  it('limits guesses of the current password per account', async () => {
    const session = await register();
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectProblem(
        await change(session.accessToken, {
          currentPassword: `guess ${attempt}`,
          newPassword: 'a brand new passphrase',
        }),
        422,
        'wrong_password',
      );
    }
    await expectProblem(
      await change(session.accessToken, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }),
      429,
      'rate_limited',
    );
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the signing key and the retired one, public halves only', async () => {
    const response = await call('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=300');
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys.map((key) => key.kid)).toEqual(['test-1', 'test-0']);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
  });
});
