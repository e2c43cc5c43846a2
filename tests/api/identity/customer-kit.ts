import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { API_ORIGIN, uniqueSuffix } from '../catalog/catalog-test-kit';

export const PASSWORD = 'a quiet harbour at dawn';

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  customer: Customer;
}

export interface Customer {
  id: string;
  email: string;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string;
  createdAt: string;
  updatedAt: string;
}

/** A fresh address, so suites sharing a database never meet each other's accounts. */
export const uniqueEmail = (label = 'shopper'): string =>
  `${label}-${uniqueSuffix().toLowerCase()}@example.com`;

/** A documentation-range address (RFC 3849) for a test's calls, so its login counts are its own. */
export function uniqueAddress(): string {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::${group()}`;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  ip?: string;
  headers?: Record<string, string>;
}

export function call(
  method: string,
  path: string,
  { token, body, ip, headers = {} }: CallOptions = {},
): Promise<Response> {
  return exports.default.fetch(`${API_ORIGIN}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(ip === undefined ? {} : { 'CF-Connecting-IP': ip }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Registers an account (201 expected), from an address of its own, and answers its first session. */
export async function register(fields: Record<string, unknown> = {}): Promise<Session> {
  const response = await call('POST', '/v1/customers', {
    body: { email: uniqueEmail(), password: PASSWORD, ...fields },
    ip: uniqueAddress(),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json();
}

export async function login(email: string, password: string, ip?: string): Promise<Response> {
  return call('POST', '/v1/auth/login', { body: { email, password }, ip });
}
