import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { requestIds } from '../middleware/request-id';
import { fieldErrors, handleError, notFoundOrMethodNotAllowed } from './handlers';

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

describe('a value Postgres refuses (SQLSTATE class 22), as a backstop behind the input boundary', () => {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestIds());
  app.get('/refused/:state', (c) => {
    // As drizzle throws it: its own wrapper (which lists the parameters), the driver's error inside.
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: c.req.param('state'),
    });
    throw new Error('Failed query: select $1 params: secret-parameter', { cause: driverError });
  });
  app.onError(handleError);

  it('answers 400 invalid_value, and logs a defect with the SQLSTATE but not the parameters', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await app.request('/refused/22021');
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'invalid_value', status: 400 });
    const line = JSON.parse(String(logged.mock.calls[0]?.[0])) as Record<string, unknown>;
    logged.mockRestore();
    expect(line).toMatchObject({ level: 'error', sqlState: '22021', path: '/refused/22021' });
    expect(String(line.message)).toContain('defect');
    expect(JSON.stringify(line)).not.toContain('secret-parameter');
  });

  it('leaves other SQLSTATEs to the 500 they are', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await app.request('/refused/23505');
    logged.mockRestore();
    expect(response.status).toBe(500);
  });
});
