import { describe, expect, it } from 'vitest';
import { adminRequest, postSigned, uniqueSuffix } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import {
  adminProduct,
  PIM_PRODUCTS,
  productWithPolicies,
  type StockPolicyFields,
  skusOf,
  unitsGranted,
} from './stock-policy-kit';

// Stock policy input refused at the boundary (ADR 14): malformed fields are 400, fields that are
// well formed but do not go together are 422; never a 500, and nothing is stored or sent.

const MALFORMED: [string, StockPolicyFields | Record<string, unknown>, string][] = [
  ['a negative limit', { inventoryPolicy: 'backorder', oversellLimit: -1 }, 'oversellLimit'],
  ['an unknown policy', { inventoryPolicy: 'sometimes', oversellLimit: 1 }, 'inventoryPolicy'],
  ['a huge limit', { inventoryPolicy: 'backorder', oversellLimit: 1e12 }, 'oversellLimit'],
  [
    'a limit past the safe integers',
    { inventoryPolicy: 'preorder', oversellLimit: 2 ** 53 + 2 },
    'oversellLimit',
  ],
  ['a fractional limit', { inventoryPolicy: 'backorder', oversellLimit: 1.5 }, 'oversellLimit'],
  ['a limit as a string', { inventoryPolicy: 'backorder', oversellLimit: '5' }, 'oversellLimit'],
  ['a negative threshold', { lowStockThreshold: -3 }, 'lowStockThreshold'],
  ['a huge threshold', { lowStockThreshold: 1e300 }, 'lowStockThreshold'],
  ['a policy in capitals', { inventoryPolicy: 'DENY' }, 'inventoryPolicy'],
];

const UNFIT: [string, StockPolicyFields, string][] = [
  ['a limit with deny', { inventoryPolicy: 'deny', oversellLimit: 5 }, 'oversellLimit'],
  ['a limit without its policy', { oversellLimit: 5 }, 'oversellLimit'],
  ['a backorder without a limit', { inventoryPolicy: 'backorder' }, 'oversellLimit'],
  ['a preorder without a limit', { inventoryPolicy: 'preorder' }, 'oversellLimit'],
];

describe('stock policy validation in the PIM batch', { timeout: 30_000 }, () => {
  it.each(MALFORMED)(
    'refuses %s with 400 validation_failed naming the field',
    async (_case, fields, field) => {
      const item = productWithPolicies(1, [{}, fields as StockPolicyFields, {}]);
      const problem = await expectProblem(
        await postSigned(PIM_PRODUCTS, { products: [item] }),
        400,
        'validation_failed',
      );
      expect(problem.errors?.map((error) => error.path)).toContain(`products[0].variants[1].${field}`);
    },
  );

  it.each(UNFIT)('refuses %s with 422 batch_rejected and applies nothing', async (_case, fields, field) => {
    const item = productWithPolicies(1, [{ inventoryPolicy: 'backorder', oversellLimit: 2 }, fields, {}]);
    const problem = await expectProblem(
      await postSigned(PIM_PRODUCTS, { products: [item] }),
      422,
      'batch_rejected',
    );
    expect(problem.errors).toEqual([
      { path: `products[0].variants[1].${field}`, message: expect.any(String) },
    ]);
    // All or nothing: the valid variant's policy did not reach its object either.
    expect(await unitsGranted(skusOf(item)[0] ?? '', 1)).toBe(0);
  });
});

describe('stock policy validation in the admin API', { timeout: 30_000 }, () => {
  it.each(MALFORMED)('refuses %s on create and on update with 400', async (_case, fields, field) => {
    const productId = await adminProduct();
    const sku = `ADM-${uniqueSuffix()}`.toUpperCase();
    const created = await adminRequest('POST', `/v1/admin/products/${productId}/variants`, {
      body: { sku, options: { size: 'S' }, ...fields },
    });
    const problem = await expectProblem(created, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path)).toContain(field);

    const fine = await adminRequest('POST', `/v1/admin/products/${productId}/variants`, {
      body: { sku, options: { size: 'S' } },
    });
    const { id } = await fine.json<{ id: string }>();
    await expectProblem(
      await adminRequest('PATCH', `/v1/admin/variants/${id}`, { body: fields }),
      400,
      'validation_failed',
    );
  });

  it.each(UNFIT)(
    'refuses %s on create and on update with 422 rule_violated',
    async (_case, fields, field) => {
      const productId = await adminProduct();
      const sku = `ADM-${uniqueSuffix()}`.toUpperCase();
      const created = await adminRequest('POST', `/v1/admin/products/${productId}/variants`, {
        body: { sku, options: { size: 'S' }, ...fields },
      });
      const problem = await expectProblem(created, 422, 'rule_violated');
      expect(problem.errors).toEqual([{ path: field, message: expect.any(String) }]);

      const fine = await adminRequest('POST', `/v1/admin/products/${productId}/variants`, {
        body: { sku, options: { size: 'S' }, inventoryPolicy: 'backorder', oversellLimit: 1 },
      });
      const { id } = await fine.json<{ id: string }>();
      await expectProblem(
        await adminRequest('PATCH', `/v1/admin/variants/${id}`, { body: fields }),
        422,
        'rule_violated',
      );
      // Nothing changed: the stored policy and the object's are the ones created.
      expect(await (await adminRequest('GET', `/v1/admin/variants/${id}`)).json()).toMatchObject({
        inventoryPolicy: 'backorder',
        oversellLimit: 1,
      });
      expect(await unitsGranted(sku, 2)).toBe(1);
    },
  );

  it('refuses stock policy fields that break the rules on the variants of a new product', async () => {
    const handle = `admin-policy-${uniqueSuffix()}`;
    const problem = await expectProblem(
      await adminRequest('POST', '/v1/admin/products', {
        body: { handle, title: 'Cap', variants: [{ sku: handle.toUpperCase(), oversellLimit: 3 }] },
      }),
      422,
      'rule_violated',
    );
    expect(problem.errors).toEqual([{ path: 'variants[0].oversellLimit', message: expect.any(String) }]);
  });
});
