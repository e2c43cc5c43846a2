import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { call, register, type Session } from './customer-kit';

interface Entry {
  id: string;
  label: string | null;
  firstName: string;
  line1: string;
  line2?: string;
  region?: string;
  postalCode: string;
  country: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

const LONDON = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '12 St James’s Square',
  city: 'London',
  postalCode: 'sw1y4jh',
  country: 'gb',
};
const SAN_FRANCISCO = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '500 Market Street',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
};

const book = (session: Session, method: string, path = '', body?: unknown) =>
  call(method, `/v1/customers/me/addresses${path}`, { token: session.accessToken, body });

async function add(session: Session, body: unknown): Promise<Entry> {
  const response = await book(session, 'POST', '', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json();
}

async function entries(session: Session): Promise<Entry[]> {
  const response = await book(session, 'GET');
  expect(response.status).toBe(200);
  const list = (await response.json()) as { data: Entry[]; nextCursor: null };
  expect(list.nextCursor).toBeNull();
  return list.data;
}

describe('/v1/customers/me/addresses', () => {
  it('adds addresses written as their post writes them; the first is the default, a new default takes over', async () => {
    const session = await register();
    const response = await book(session, 'POST', '', { ...LONDON, label: 'Home' });
    expect(response.status).toBe(201);
    const home: Entry = await response.json();
    expect(response.headers.get('Location')).toBe(`/v1/customers/me/addresses/${home.id}`);
    expect(home).toMatchObject({
      label: 'Home',
      postalCode: 'SW1Y 4JH',
      country: 'GB',
      isDefaultShipping: true,
      isDefaultBilling: true,
    });
    expect(home.id).toMatch(/^addr_/);

    const office = await add(session, { ...SAN_FRANCISCO, label: 'Office', isDefaultShipping: true });
    expect(office).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
    const listed = await entries(session);
    expect(listed.map((entry) => [entry.label, entry.isDefaultShipping, entry.isDefaultBilling])).toEqual([
      ['Home', false, true],
      ['Office', true, false],
    ]);
    expect(await (await book(session, 'GET', `/${home.id}`)).json()).toEqual(listed[0]);
  });

  it('changes the fields sent and checks the whole address again', async () => {
    const session = await register();
    const office = await add(session, { ...SAN_FRANCISCO, line2: 'Suite 400', label: 'Office' });
    const response = await book(session, 'PATCH', `/${office.id}`, {
      line2: null,
      label: null,
      line1: '1 Main St',
    });
    expect(response.status).toBe(200);
    const changed: Entry = await response.json();
    expect(changed).toMatchObject({ line1: '1 Main St', label: null, region: 'CA', isDefaultShipping: true });
    expect(changed.line2).toBeUndefined();

    // Moving to Canada keeps the US postal code and state, which Canada's rules refuse.
    const moved = await expectProblem(
      await book(session, 'PATCH', `/${office.id}`, { country: 'CA' }),
      422,
      'invalid_address',
    );
    expect(moved.errors?.map((error) => error.path).sort()).toEqual(['postalCode', 'region']);
    expect(await (await book(session, 'GET', `/${office.id}`)).json()).toEqual(changed);
  });

  it.each([
    ['an unknown field', { ...LONDON, zip: '12345' }, 400, 'validation_failed'],
    ['a server-owned id', { ...LONDON, id: 'addr_01jd8c4r7t2n9v5x3q6w8y0z1a' }, 400, 'validation_failed'],
    ['a missing city', { ...LONDON, city: undefined }, 400, 'validation_failed'],
    ['a postal code of another country', { ...LONDON, postalCode: '94105' }, 422, 'invalid_address'],
    ['a US address without a state', { ...SAN_FRANCISCO, region: undefined }, 422, 'invalid_address'],
    ['a country nobody ships to', { ...LONDON, country: 'ZZ' }, 422, 'invalid_address'],
    ['a label past 50 characters', { ...LONDON, label: 'x'.repeat(51) }, 400, 'validation_failed'],
  ])('refuses %s and stores nothing', async (_case, body, status, code) => {
    const session = await register();
    await expectProblem(await book(session, 'POST', '', body), status, code);
    expect(await entries(session)).toEqual([]);
  });

  it("answers 404 for another customer's address, and changes nothing of it", async () => {
    const [owner, other] = await Promise.all([register(), register()]);
    const home = await add(owner, LONDON);
    await expectProblem(await book(other, 'GET', `/${home.id}`), 404, 'not_found');
    await expectProblem(await book(other, 'PATCH', `/${home.id}`, { label: 'Mine now' }), 404, 'not_found');
    await expectProblem(await book(other, 'DELETE', `/${home.id}`), 404, 'not_found');
    expect(await entries(other)).toEqual([]);
    expect(await entries(owner)).toEqual([home]);
  });

  it('deletes an address, once', async () => {
    const session = await register();
    const home = await add(session, LONDON);
    expect((await book(session, 'DELETE', `/${home.id}`)).status).toBe(204);
    await expectProblem(await book(session, 'DELETE', `/${home.id}`), 404, 'not_found');
    expect(await entries(session)).toEqual([]);
  });

  it('holds 20 addresses however many are added at once', async () => {
    const session = await register();
    const responses = await Promise.all(
      Array.from({ length: 26 }, (_, index) =>
        book(session, 'POST', '', { ...LONDON, label: `No. ${index}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    for (const response of responses.filter((each) => each.status !== 201))
      await expectProblem(response, 422, 'rule_violated');
    const stored = await entries(session);
    expect(stored).toHaveLength(20);
    expect(stored.filter((entry) => entry.isDefaultShipping)).toHaveLength(1);
  });

  it('ends with one default when several addresses are made the default at once', async () => {
    const session = await register();
    const added: Entry[] = [];
    for (let index = 0; index < 8; index++)
      added.push(await add(session, { ...LONDON, label: `No. ${index}` }));
    const responses = await Promise.all(
      added.map((entry) =>
        book(session, 'PATCH', `/${entry.id}`, { isDefaultShipping: true, isDefaultBilling: true }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const stored = await entries(session);
    expect(stored.filter((entry) => entry.isDefaultShipping)).toHaveLength(1);
    expect(stored.filter((entry) => entry.isDefaultBilling)).toHaveLength(1);
  });

  it('is for a signed-in customer only', async () => {
    await expectProblem(await call('GET', '/v1/customers/me/addresses'), 401, 'unauthorized');
    await expectProblem(
      await call('POST', '/v1/customers/me/addresses', { body: LONDON }),
      401,
      'unauthorized',
    );
  });
});
