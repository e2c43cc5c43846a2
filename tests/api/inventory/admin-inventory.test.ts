import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { adminRequest, postSigned, uniqueSuffix } from '../catalog/catalog-test-kit';
import { productItem } from '../catalog/pim-fixtures';
import { expectProblem } from '../problem-assertions';

// GET /v1/admin/inventory/{sku}: the operators' view of a SKU's stock, read from its object.
describe('GET /v1/admin/inventory/{sku}', () => {
  it("answers what the SKU's inventory object holds now", async () => {
    const item = productItem(`stock-${uniqueSuffix()}`, 1);
    expect((await postSigned('/v1/integrations/pim/products', { products: [item] })).status).toBe(200);
    const sku = item.variants[0]?.sku ?? '';
    const inventory = env.INVENTORY.getByName(sku);
    await inventory.recordLevel({ sku, location: 'berlin', onHand: 7, sequence: 1 });
    await inventory.recordLevel({ sku, location: 'lyon', onHand: 3, sequence: 1 });
    expect(await inventory.reserve('cart_a', 2, 60_000)).toMatchObject({ ok: true });
    expect(await inventory.reserve('cart_b', 1, 60_000)).toMatchObject({ ok: true });

    const response = await adminRequest('GET', `/v1/admin/inventory/${sku}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sku,
      variantId: expect.stringMatching(/^var_/),
      onHand: 10,
      committed: 0,
      reserved: 3,
      available: 7,
      reservations: 2,
      backorderLimit: 0,
      lowStockThreshold: 0,
      // Its first call found it blank, so it took what Postgres had (nothing yet) first.
      restoredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('shows a SKU nobody has stocked yet as empty, and one no variant has as 404', async () => {
    const item = productItem(`nostock-${uniqueSuffix()}`, 1);
    await postSigned('/v1/integrations/pim/products', { products: [item] });
    const sku = item.variants[0]?.sku ?? '';
    const empty = await adminRequest('GET', `/v1/admin/inventory/${sku}`);
    expect(await empty.json()).toMatchObject({ onHand: 0, reserved: 0, available: 0, reservations: 0 });

    await expectProblem(
      await adminRequest('GET', `/v1/admin/inventory/NO-SUCH-${uniqueSuffix()}`),
      404,
      'not_found',
    );
    // Longer than any SKU: refused at the boundary, never a 500 or a stack trace.
    await expectProblem(
      await adminRequest('GET', `/v1/admin/inventory/${'X'.repeat(65)}`),
      400,
      'validation_failed',
    );
  });

  it('is for operators only', async () => {
    const response = await adminRequest('GET', '/v1/admin/inventory/ANY-SKU', { key: null });
    expect(response.status).toBe(401);
  });
});
