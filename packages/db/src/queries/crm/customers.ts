import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';

/** Whether a live account (not erased) has the id: what the CRM may still read of. */
export async function isLiveCustomer(db: Executor, customerId: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    select 1 from customers where id = ${customerId} and deleted_at is null`);
  return rows.length > 0;
}
