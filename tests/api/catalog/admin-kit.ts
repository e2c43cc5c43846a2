import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { API_ORIGIN, adminRequest, uniqueSuffix } from './catalog-test-kit';

// Shared by the admin list and If-Match suites: requests with the headers adminRequest does not
// send, and rows of our own to list and edit (random handles: the database is shared).

/** PATCHes with the admin key and, when given, `If-Match`. */
export function adminPatch(path: string, body: unknown, ifMatch?: string): Promise<Response> {
  return adminChange('PATCH', path, body, ifMatch);
}

/** Sends a change (PATCH, or POST such as setting prices) with the admin key and, when given, `If-Match`. */
export function adminChange(
  method: 'PATCH' | 'POST',
  path: string,
  body: unknown,
  ifMatch?: string,
): Promise<Response> {
  return exports.default.fetch(`${API_ORIGIN}${path}`, {
    method,
    body: JSON.stringify(body),
    headers: {
      Authorization: `Bearer ${testCredentials.adminApiKey}`,
      'Content-Type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'If-Match': ifMatch }),
    },
  });
}

export interface AdminPage<T> {
  data: T[];
  nextCursor: string | null;
}

/** A product as the admin API answers it (the fields these suites look at). */
export interface AdminProductView {
  id: string;
  handle: string;
  title: string;
  status: 'draft' | 'active' | 'archived';
  variants: { id: string; sku: string; title: string; prices: { currency: string; amount: number }[] }[];
  categories: { handle: string; path: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface AdminCategoryView {
  id: string;
  handle: string;
  name: string;
  parentId: string | null;
  path: string;
}

/** Creates a product with one variant through the admin API. */
export async function createAdminProduct(overrides: Record<string, unknown> = {}): Promise<AdminProductView> {
  const handle = `kit-${uniqueSuffix()}`;
  const response = await adminRequest('POST', '/v1/admin/products', {
    body: { handle, title: 'Field jacket', variants: [{ sku: `${handle}-ONE`.toUpperCase() }], ...overrides },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<AdminProductView>();
}

export async function createAdminCategory(body: Record<string, unknown> = {}): Promise<AdminCategoryView> {
  const response = await adminRequest('POST', '/v1/admin/categories', {
    body: { handle: `kit-${uniqueSuffix()}`, name: 'Outerwear', ...body },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<AdminCategoryView>();
}

/**
 * Runs `make` for each item, one after another: the embedded PGlite serves every connection
 * from one session, so concurrent writes would interleave there (races have their own suite).
 */
export async function inTurn<I, T>(items: readonly I[], make: (item: I) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (const item of items) made.push(await make(item));
  return made;
}
