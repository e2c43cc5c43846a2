import { type promotions, schema } from '@edge-commerce/db';
import { expect } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import { adminRequest, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';

// Shared by the promotion suites. The database is shared with suites running at the same time
// and, on CI's PostgreSQL, outlives the run: every code carries a random suffix.

/** The demo markets (USD, EUR, GBP), so promotions have currencies to be in. */
export async function withDemoMarkets(): Promise<void> {
  await withDatabase((db) => db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing());
}

/** A code no other test uses: `SUMMER-K3X9Q2AB`. */
export const uniqueCode = (stem = 'SUMMER') => `${stem}-${uniqueSuffix()}`.toUpperCase();

/** Creates a promotion through the admin API (25% off unless `body` says otherwise). */
export async function createPromotion(body: Record<string, unknown> = {}): Promise<promotions.PromotionView> {
  const response = await adminRequest('POST', '/v1/admin/promotions', {
    body: { code: uniqueCode(), kind: 'percentage', percentOff: 2500, ...body },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<promotions.PromotionView>();
}
