import { Resend } from 'resend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { type ResendStandIn, startResendStandIn } from './server';

// The stand-in is only worth its name if the real SDK cannot tell it from Resend: every check
// here goes through `resend` itself, as the Worker's sending code does.
let standIn: ResendStandIn;
let resend: Resend;
const API_KEY = 're_test_stand_in_key';

beforeAll(async () => {
  standIn = await startResendStandIn({ port: await freePort(), apiKey: API_KEY });
  resend = new Resend(API_KEY, { baseUrl: standIn.url });
});
afterAll(() => standIn.stop());

const message = (to: string) => ({
  from: 'Edge Commerce <accounts@shop.example>',
  to,
  subject: 'Confirm your email address',
  text: 'Open https://shop.example/account/verify-email#token=ve_x',
  html: '<p>Open <a href="https://shop.example/account/verify-email#token=ve_x">the link</a></p>',
});

describe('the Resend stand-in, through the resend SDK', () => {
  it('sends, and shows what it sent by id and in the list, newest first', async () => {
    const { data, error } = await resend.emails.send(message('ada@example.com'));
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const { data: shown } = await resend.emails.get(data?.id ?? '');
    expect(shown).toMatchObject({
      object: 'email',
      id: data?.id,
      to: ['ada@example.com'],
      from: 'Edge Commerce <accounts@shop.example>',
      subject: 'Confirm your email address',
      last_event: 'delivered',
    });
    await resend.emails.send(message('grace@example.com'));
    const { data: list } = await resend.emails.list();
    expect(list?.data.map((email) => email.to[0]).slice(0, 2)).toEqual([
      'grace@example.com',
      'ada@example.com',
    ]);
  });

  it('sends an email once per idempotency key, and refuses the key for another email', async () => {
    const first = await resend.emails.send(message('once@example.com'), { idempotencyKey: 'eml_once' });
    const again = await resend.emails.send(message('once@example.com'), { idempotencyKey: 'eml_once' });
    expect(again.data?.id).toBe(first.data?.id);
    expect(standIn.emails().filter((email) => email.to[0] === 'once@example.com')).toHaveLength(1);

    const other = await resend.emails.send(message('other@example.com'), { idempotencyKey: 'eml_once' });
    expect(other.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    const tooLong = await resend.emails.send(message('x@example.com'), { idempotencyKey: 'k'.repeat(257) });
    expect(tooLong.error).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' });
  });

  it('refuses a missing or wrong key as Resend does', async () => {
    const wrong = await new Resend('re_wrong', { baseUrl: standIn.url }).emails.send(
      message('a@example.com'),
    );
    expect(wrong.error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
    const missing = await fetch(`${standIn.url}/emails`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
  });

  it('refuses a malformed email, naming the field', async () => {
    const badFrom = await resend.emails.send({ ...message('a@example.com'), from: 'accounts at shop' });
    expect(badFrom.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(badFrom.error?.message).toContain('`from`');
    const badTo = await resend.emails.send(message('not an address'));
    expect(badTo.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(badTo.error?.message).toContain('`to`');
    const { text: _text, html: _html, ...noBody } = message('a@example.com');
    const empty = await resend.emails.send({ ...noBody, text: undefined as unknown as string });
    expect(empty.error).toMatchObject({ statusCode: 422, name: 'missing_required_field' });
    const unknown = await resend.emails.get('00000000-0000-0000-0000-000000000000');
    expect(unknown.error).toMatchObject({ statusCode: 404, name: 'not_found' });
  });

  it('lists what was sent on its page and as JSON, with no key, escaped', async () => {
    await resend.emails.send({ ...message('page@example.com'), subject: 'A <b>bold</b> subject' });
    const page = await (await fetch(`${standIn.url}/`)).text();
    expect(page).toContain('A &lt;b&gt;bold&lt;/b&gt; subject');
    expect(page).toContain('<a href="https://shop.example/account/verify-email#token=ve_x">');
    const sent = (await (await fetch(`${standIn.url}/sent?to=page@example.com`)).json()) as {
      data: { subject: string }[];
    };
    expect(sent.data).toHaveLength(1);
    expect(sent.data[0]?.subject).toBe('A <b>bold</b> subject');
  });
});
