import type { adminLists } from '@edge-commerce/db';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/problem';
import { pageOf, pageRequest } from './list-page';

const row = (index: number): adminLists.Listed<{ id: string }> => ({
  view: { id: `prod_${index}` },
  position: { createdAt: '2026-11-22T10:00:00.123456Z', id: `prod_${index}` },
});

describe('admin list pages', () => {
  it('offers a next cursor only when the row past the page exists, resuming after the last shown', async () => {
    const request = await pageRequest('admin products; status=', 'product', { limit: '2' });

    const full = pageOf([row(3), row(2), row(1)], request);
    const last = pageOf([row(3), row(2)], request);
    const short = pageOf([row(3)], request);

    expect(full.data.map((product) => product.id)).toEqual(['prod_3', 'prod_2']);
    expect(last).toEqual({ data: [{ id: 'prod_3' }, { id: 'prod_2' }], nextCursor: null });
    expect(short.nextCursor).toBeNull();
    const next = await pageRequest('admin products; status=', 'product', { cursor: full.nextCursor ?? '' });
    expect(next).toMatchObject({
      limit: 20,
      after: { createdAt: '2026-11-22T10:00:00.123456Z', id: 'prod_2' },
    });
  });

  it('refuses a cursor of another list as cursor_mismatch and a forged one as invalid_cursor', async () => {
    const page = pageOf(
      [row(2), row(1)],
      await pageRequest('admin products; status=draft', 'product', { limit: '1' }),
    );
    const codeOf = (error: unknown) => (error instanceof ApiError ? error.code : error);

    await expect(
      pageRequest('admin products; status=active', 'product', { cursor: page.nextCursor ?? '' }).catch(
        codeOf,
      ),
    ).resolves.toBe('cursor_mismatch');
    await expect(
      pageRequest('admin categories', 'category', { cursor: page.nextCursor ?? '' }).catch(codeOf),
    ).resolves.toBe('cursor_mismatch');
    await expect(
      pageRequest('admin categories', 'category', { cursor: 'not-a-cursor' }).catch(codeOf),
    ).resolves.toBe('invalid_cursor');
  });
});
