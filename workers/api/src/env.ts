import type { CartCaller } from '@edge-commerce/cart';
import type { Database } from '@edge-commerce/db';
import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from './auth/principal';
import type { CatalogCache } from './cache/catalog-cache';
import type { Config } from './config';
import type { OrderCaller } from './orders/order-token-check';

/** The Hono environment every route of the API runs in. */
export interface AppEnv {
  Bindings: Cloudflare.Env;
  Variables: RequestIdVariables & {
    config: Config;
    /** The request's database, connected on first use and closed when the response is sent. */
    database: () => Database;
    catalogCache: CatalogCache;
    /** SQL round trips the request's Durable Objects made for it, counted with the request's own. */
    objectStatements?: number;
    /** Who calls a cart route: its token's holder or a signed-in customer (cart access sets it). */
    cartCaller?: CartCaller;
    /** Who asks for an order: its access token's holder or a signed-in customer (order access sets it). */
    orderCaller?: OrderCaller;
    /** Who sent the request, worked out on first need (`principalOf`). */
    principal?: Promise<Principal>;
  };
}
