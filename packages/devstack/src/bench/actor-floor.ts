/**
 * The floor under add-to-cart: the least any design shaped like ours can do per request. A
 * Worker asks a holder object (as the Worker asks a CartObject), which asks a stock object for
 * one more (as a CartObject asks the SKU's InventoryObject), and each keeps one row in its
 * SQLite. No validation, token, catalog, pricing or rendering: what is left is the runtime's
 * cost of two Durable Object calls and two SQLite writes, served by the same workerd as the API.
 * The bench reports the cart scenarios against it as well as against the hello-world baseline,
 * so a figure shows how much is our code and how much the shape of the platform.
 */
/** Binding name → class of the floor's two Durable Objects. */
export const ACTOR_FLOOR_BINDINGS = { FLOOR_HOLDER: 'FloorHolder', FLOOR_STOCK: 'FloorStock' } as const;

export const ACTOR_FLOOR_WORKER_SOURCE = `
import { DurableObject } from 'cloudflare:workers';

export class FloorStock extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS reservations (holder TEXT PRIMARY KEY, quantity INTEGER NOT NULL)');
  }
  reserve(holder) {
    const [row] = this.ctx.storage.sql
      .exec('INSERT INTO reservations VALUES (?, 1) ON CONFLICT (holder) DO UPDATE SET quantity = quantity + 1 RETURNING quantity', holder)
      .toArray();
    return { quantity: row.quantity };
  }
}

export class FloorHolder extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS held (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL)');
  }
  async add(holder, sku) {
    const stock = this.env.FLOOR_STOCK.get(this.env.FLOOR_STOCK.idFromName(sku));
    const reserved = await stock.reserve(holder);
    this.ctx.storage.sql.exec(
      'INSERT INTO held VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity', sku, reserved.quantity);
    return reserved;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const holder = url.searchParams.get('holder') ?? 'h0';
    const sku = url.searchParams.get('sku') ?? 's0';
    const reserved = await env.FLOOR_HOLDER.get(env.FLOOR_HOLDER.idFromName(holder)).add(holder, sku);
    return Response.json(reserved);
  },
};
`;
