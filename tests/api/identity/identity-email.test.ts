import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../workers/api/src/app';
import worker from '../../../workers/api/src/index';
import { eventsFor } from '../catalog/catalog-rows';
import { API_ORIGIN, withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { call, login, PASSWORD, register, type Session, uniqueAddress, uniqueEmail } from './customer-kit';
import { awaitEmail, emailsTo, tokenIn } from './mail-kit';

const NEW_PASSWORD = 'the tide comes in twice';

const verify = (token: string) => call('POST', '/v1/auth/verify-email', { body: { token } });
const askReset = (email: string, ip = uniqueAddress()) =>
  call('POST', '/v1/auth/password-reset', { body: { email }, ip });
const confirmReset = (token: string, password = NEW_PASSWORD) =>
  call('POST', '/v1/auth/password-reset/confirm', { body: { token, password } });
const me = async (session: Session) =>
  (await call('GET', '/v1/customers/me', { token: session.accessToken })).json() as Promise<
    Session['customer']
  >;

async function runCron(bindings: object = env): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *' }), bindings as Cloudflare.Env, ctx);
  await waitOnExecutionContext(ctx);
}

type OutboxRow = { status: string; attempts: number; data: unknown; due: boolean; last_error: string | null };
const outboxRowsOf = (recipient: string) =>
  withDatabase(async (db) => {
    const { rows } = await db.execute<OutboxRow>(sql`
      select status, attempts, data, next_attempt_at <= now() as due, last_error
      from email_outbox where recipient = ${recipient} order by created_at`);
    return rows;
  });

describe('address verification', () => {
  it('registration emails a link, with a text part, in the shop’s name; the link verifies the address once', async () => {
    const session = await register({ firstName: 'Ada' });
    const address = session.customer.email;
    expect(session.customer.emailVerified).toBe(false);

    const email = await awaitEmail(address);
    expect(email.to).toEqual([address]);
    expect(email.from).toMatch(/^Edge Commerce <.+@.+>$/);
    expect(email.subject).toBe('Confirm your email address for Edge Commerce');
    expect(email.text).toContain('Hello Ada,');
    expect(email.text).toContain('for 24 hours');
    expect(email.text).toMatch(/http:\/\/localhost:3000\/account\/verify-email#token=ve_[\w-]{43}/);
    expect(email.html).toContain('<html lang="en">');
    const token = tokenIn(email);

    expect((await verify(token)).status).toBe(204);
    expect((await me(session)).emailVerified).toBe(true);
    await expectProblem(await verify(token), 400, 'invalid_account_token');

    const events = await withDatabase((db) => eventsFor(db, [session.customer.id]));
    expect(events.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerUpdated']);
    expect(events[1]?.data).toMatchObject({ emailVerified: true, changed: ['emailVerified'] });
    // Sent: the link is no longer kept.
    expect(await outboxRowsOf(address)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 1, data: null }),
    ]);
  });

  it('is written in the customer’s language', async () => {
    const german = await register({ firstName: 'Grete', locale: 'de-AT' });
    const email = await awaitEmail(german.customer.email);
    expect(email.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse bei Edge Commerce');
    expect(email.text).toContain('Hallo Grete,');
    expect(email.text).toContain('24 Stunden');
    expect(email.html).toContain('<html lang="de">');
  });

  it('a new link replaces the old one; a verified address gets none', async () => {
    const session = await register();
    const first = tokenIn(await awaitEmail(session.customer.email));
    const again = await call('POST', '/v1/customers/me/email-verification', { token: session.accessToken });
    expect(again.status).toBe(202);
    const second = tokenIn(await awaitEmail(session.customer.email, 2));
    expect(second).not.toBe(first);

    await expectProblem(await verify(first), 400, 'invalid_account_token');
    expect((await verify(second)).status).toBe(204);
    await expectProblem(
      await call('POST', '/v1/customers/me/email-verification', { token: session.accessToken }),
      409,
      'email_already_verified',
    );
    await expectProblem(await call('POST', '/v1/customers/me/email-verification'), 401, 'unauthorized');
  });

  it('refuses a malformed, made-up or wrong-purpose token, and unknown fields', async () => {
    await expectProblem(await verify('not-a-token'), 400, 'invalid_account_token');
    await expectProblem(await verify(`ve_${'A'.repeat(43)}`), 400, 'invalid_account_token');
    await expectProblem(await verify(`pr_${'A'.repeat(43)}`), 400, 'invalid_account_token');
    await expectProblem(
      await call('POST', '/v1/auth/verify-email', {
        body: { token: `ve_${'A'.repeat(43)}`, customerId: 'cus_x' },
      }),
      400,
      'validation_failed',
    );
    await expectProblem(await call('POST', '/v1/auth/verify-email', { body: {} }), 400, 'validation_failed');
  });
});

describe('password reset', () => {
  it('emails a link; the link sets a new password once, ends every session and verifies the address', async () => {
    const session = await register({ firstName: 'Ada' });
    const address = session.customer.email;
    await awaitEmail(address); // the verification email
    expect((await askReset(address.toUpperCase())).status).toBe(202);
    const email = await awaitEmail(address, 2);
    expect(email.subject).toBe('Reset your Edge Commerce password');
    expect(email.text).toContain('for 1 hour');
    expect(email.text).toMatch(/http:\/\/localhost:3000\/account\/reset-password#token=pr_[\w-]{43}/);
    const token = tokenIn(email);

    // The password rules of registration apply, and a refused password leaves the link working.
    const refused = await confirmReset(token, address);
    await expectProblem(refused, 400, 'validation_failed');
    expect((await confirmReset(token)).status).toBe(204);

    expect((await login(address, PASSWORD, uniqueAddress())).status).toBe(401);
    expect((await login(address, NEW_PASSWORD, uniqueAddress())).status).toBe(200);
    await expectProblem(
      await call('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }),
      401,
      'invalid_refresh_token',
    );
    expect((await call('GET', '/v1/customers/me', { token: session.accessToken })).status).toBe(401);
    await expectProblem(await confirmReset(token, 'yet another passphrase'), 400, 'invalid_account_token');

    const fresh: Session = await (await login(address, NEW_PASSWORD, uniqueAddress())).json();
    expect((await me(fresh)).emailVerified).toBe(true);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const nobody = uniqueEmail('nobody');
    const response = await askReset(nobody);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    const known = await register();
    expect((await askReset(known.customer.email)).status).toBe(202);
    await awaitEmail(known.customer.email, 2);
    expect(await emailsTo(nobody)).toEqual([]);
    expect(await outboxRowsOf(nobody)).toEqual([]);
  });

  it('only the newest link works', async () => {
    const { customer } = await register();
    await askReset(customer.email);
    const first = tokenIn(await awaitEmail(customer.email, 2));
    await askReset(customer.email);
    const second = tokenIn(await awaitEmail(customer.email, 3));
    await expectProblem(await confirmReset(first), 400, 'invalid_account_token');
    expect((await confirmReset(second)).status).toBe(204);
  });

  it('one link, used by many requests at once, sets one password', async () => {
    const { customer } = await register();
    await askReset(customer.email);
    const token = tokenIn(await awaitEmail(customer.email, 2));
    const passwords = Array.from({ length: 8 }, (_, index) => `racing passphrase number ${index}`);
    const responses = await Promise.all(passwords.map((password) => confirmReset(token, password)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(passwords.length - 1);
    const winner = passwords[statuses.indexOf(204)] ?? '';
    const logins = await Promise.all(
      passwords.map((password) => login(customer.email, password, uniqueAddress())),
    );
    expect(logins.map((response) => response.status)).toEqual(
      passwords.map((password) => (password === winner ? 200 : 401)),
    );
  });

  it('limits the emails one address can be sent, whether or not it has an account', async () => {
    for (const address of [(await register()).customer.email, uniqueEmail('stranger')]) {
      const statuses = [];
      for (let index = 0; index < 4; index++) statuses.push((await askReset(address)).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
  });

  it('refuses a reset token where a verification token goes, and the other way round', async () => {
    const { customer } = await register();
    const verification = tokenIn(await awaitEmail(customer.email));
    await askReset(customer.email);
    const reset = tokenIn(await awaitEmail(customer.email, 2));
    await expectProblem(await confirmReset(verification), 400, 'invalid_account_token');
    await expectProblem(await verify(reset), 400, 'invalid_account_token');
    await expectProblem(
      await call('POST', '/v1/auth/password-reset', {
        body: { email: customer.email, password: 'x' },
        ip: uniqueAddress(),
      }),
      400,
      'validation_failed',
    );
  });
});

describe('the email outbox', () => {
  const withoutResend = () => {
    const { RESEND_API_KEY: _key, ...rest } = env as unknown as Record<string, unknown>;
    return rest;
  };

  it('keeps an email the Worker could not send, and the cron sends it', async () => {
    const address = uniqueEmail('outbox');
    // A deployment without a Resend key records the email with the account, and sends nothing.
    const response = await createApp().request(
      `${API_ORIGIN}/v1/customers`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': uniqueAddress() },
        body: JSON.stringify({ email: address, password: PASSWORD }),
      },
      withoutResend(),
    );
    expect(response.status).toBe(201);
    expect(await outboxRowsOf(address)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 0 }),
    ]);
    expect(await emailsTo(address)).toEqual([]);

    await runCron();
    const email = await awaitEmail(address, 1, 1_000);
    expect(email.subject).toBe('Confirm your email address for Edge Commerce');
    expect((await verify(tokenIn(email))).status).toBe(204);

    // The spent token, and the address it names, is gone by the next run.
    const tokensOf = async () =>
      (
        await withDatabase((db) =>
          db.execute(sql`select 1 from account_tokens where lower(email) = lower(${address})`),
        )
      ).rows.length;
    expect(await tokensOf()).toBe(1);
    await runCron();
    expect(await tokensOf()).toBe(0);
  });

  it('tries again later when Resend fails, and sends the email once it answers', async () => {
    const address = uniqueEmail('retry');
    const { customer } = await register({ email: address });
    await awaitEmail(address);
    // A reset whose first send meets a Resend that refuses the connection.
    const unreachable = {
      ...(env as unknown as Record<string, unknown>),
      RESEND_BASE_URL: 'http://127.0.0.1:9',
    };
    const asked = await createApp().request(
      `${API_ORIGIN}/v1/auth/password-reset`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': uniqueAddress() },
        body: JSON.stringify({ email: customer.email }),
      },
      unreachable,
    );
    expect(asked.status).toBe(202);
    await runCron(unreachable);
    const [, reset] = await outboxRowsOf(address);
    expect(reset).toMatchObject({ status: 'pending', attempts: 1, due: false });
    expect(reset?.last_error).toMatch(/application_error/);

    await withDatabase((db) =>
      db.execute(
        sql`update email_outbox set next_attempt_at = now() where recipient = ${address} and status = 'pending'`,
      ),
    );
    await runCron();
    const email = await awaitEmail(address, 2, 1_000);
    expect(email.subject).toBe('Reset your Edge Commerce password');
    expect((await outboxRowsOf(address))[1]).toMatchObject({ status: 'sent', attempts: 2, data: null });
  });

  it('answers 503 to a reset it cannot send', async () => {
    const response = await createApp().request(
      `${API_ORIGIN}/v1/auth/password-reset`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': uniqueAddress() },
        body: JSON.stringify({ email: uniqueEmail() }),
      },
      withoutResend(),
    );
    await expectProblem(response, 503, 'email_unavailable');
  });

  it('forgets an erased customer’s emails and links', async () => {
    const session = await register();
    await awaitEmail(session.customer.email);
    await askReset(session.customer.email);
    await awaitEmail(session.customer.email, 2);
    const erased = await call('DELETE', '/v1/customers/me', {
      token: session.accessToken,
      body: { password: PASSWORD },
    });
    expect(erased.status).toBe(204);
    expect(await outboxRowsOf(session.customer.email)).toEqual([]);
    const { rows } = await withDatabase((db) =>
      db.execute(sql`select 1 from account_tokens where customer_id = ${session.customer.id}`),
    );
    expect(rows).toEqual([]);
  });
});
