import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import worker from '../../../workers/api/src/index';
import { uniqueSuffix, withDatabase } from './catalog-test-kit';

async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('signed delivery token retention', () => {
  it('the cron forgets tokens a minute after they stopped verifying, and keeps the others', async () => {
    const run = uniqueSuffix();
    // Seconds from now at which each token stops verifying.
    const tokens = { expiredLongAgo: -3_600, pastGrace: -61, withinGrace: -30, live: 290 };
    const entries = Object.entries(tokens).map(([name, expiresIn]) => ({
      id: `jwt_${name}_${run}`,
      expiresIn,
    }));
    await withDatabase((db) =>
      db.execute(sql`
        insert into signed_delivery_tokens (token_id, message_id, expires_at)
        select e.id, 'msg_' || e.id, now() + make_interval(secs => e.expires_in)
        from jsonb_to_recordset(${JSON.stringify(entries.map(({ id, expiresIn }) => ({ id, expires_in: expiresIn })))}::jsonb)
          as e(id text, expires_in int)`),
    );

    await runCron();

    const { rows } = await withDatabase((db) =>
      db.execute<{ token_id: string }>(sql`
        select token_id from signed_delivery_tokens where token_id like ${`%\\_${run}`} order by token_id`),
    );
    expect(rows.map((row) => row.token_id)).toEqual([`jwt_live_${run}`, `jwt_withinGrace_${run}`]);
  });
});
