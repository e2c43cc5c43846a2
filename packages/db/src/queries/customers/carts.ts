import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';

/** The customer's open cart, as last recorded; undefined when they have none. */
export async function findCustomerCart(db: Executor, customerId: string): Promise<string | undefined> {
  const { rows } = await db.execute<{ cart_id: string }>(sql`
    select cart_id from customer_carts where customer_id = ${customerId}`);
  return rows[0]?.cart_id;
}

/**
 * Records `cartId` as the customer's open cart unless one is recorded already, and answers the
 * one that is: two claims racing get the same answer, so their carts end up merged into one.
 * With `replacing`, a recorded cart that is that one (found closed) gives way to `cartId`.
 */
export async function adoptCustomerCart(
  db: Executor,
  customerId: string,
  cartId: string,
  replacing?: string,
): Promise<string> {
  const { rows } = await db.execute<{ cart_id: string }>(sql`
    insert into customer_carts (customer_id, cart_id) values (${customerId}, ${cartId})
    on conflict (customer_id) do update
      set cart_id = case when customer_carts.cart_id = ${replacing ?? null} then excluded.cart_id
                         else customer_carts.cart_id end,
          updated_at = case when customer_carts.cart_id = ${replacing ?? null} then now()
                            else customer_carts.updated_at end
    returning cart_id`);
  const row = rows[0];
  if (!row) throw new Error(`no cart recorded for ${customerId}`);
  return row.cart_id;
}

/** Forgets the customer's cart if it is still `cartId` (it closed: checked out, or gone). */
export async function forgetCustomerCart(db: Executor, customerId: string, cartId: string): Promise<void> {
  await db.execute(sql`delete from customer_carts where customer_id = ${customerId} and cart_id = ${cartId}`);
}
