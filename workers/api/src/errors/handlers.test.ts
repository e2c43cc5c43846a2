import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { fieldErrors, notFoundOrMethodNotAllowed } from './handlers';

describe('fieldErrors', () => {
  it('writes paths in JS notation', () => {
    const schema = z.object({ lines: z.array(z.object({ quantity: z.number().min(1) })), email: z.email() });
    const result = schema.safeParse({ lines: [{ quantity: 1 }, { quantity: 0 }], email: 'x' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrors(result.error).map((error) => error.path)).toEqual(['lines[1].quantity', 'email']);
  });
});

describe('notFoundOrMethodNotAllowed', () => {
  const app = new OpenAPIHono<AppEnv>();
  app.get('/v1/products/:handle', (c) => c.text('product'));
  app.delete('/v1/carts/:id{cart_[a-z0-9]+}/lines/:line', (c) => c.text('deleted'));
  app.notFound(notFoundOrMethodNotAllowed(app));

  it.each([
    ['POST', '/v1/products/blue-shirt', 405, 'GET, HEAD'],
    ['PUT', '/v1/carts/cart_abc123/lines/1', 405, 'DELETE'],
    ['DELETE', '/v1/carts/not-a-cart/lines/1', 404, null],
    ['GET', '/v1/products/blue-shirt/extra', 404, null],
    ['GET', '/v1/products', 404, null],
  ])('%s %s answers %i', async (method, path, status, allow) => {
    const response = await app.request(path, { method });
    expect(response.status).toBe(status);
    expect(response.headers.get('Allow')).toBe(allow);
  });
});
