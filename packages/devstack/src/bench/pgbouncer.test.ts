import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { connectFromNode } from '../postgres/connect';
import { startDatabaseStack } from '../stack';
import { findPgBouncer, pgBouncerFiles, startPgBouncer } from './pgbouncer';

describe("the bench's PgBouncer configuration", () => {
  it('pools every database of the upstream server, by transaction as Neon does, as its user', () => {
    const { ini, users } = pgBouncerFiles(
      new URL('postgres://shop%22er:p%40ss@db.internal:6543/bench'),
      7000,
      '/tmp/x',
    );
    expect(ini).toContain('* = host=db.internal port=6543 user=shop"er');
    expect(ini).toContain('listen_addr = 127.0.0.1\nlisten_port = 7000');
    expect(ini).toContain('pool_mode = transaction');
    expect(ini).toContain('auth_file = /tmp/x/users.txt');
    // PgBouncer's user list doubles a quote inside a quoted name; the password logs in upstream.
    expect(users).toBe('"shop""er" "p@ss"\n');
    expect(pgBouncerFiles(new URL('postgres://127.0.0.1/'), 1, '/d').ini).toContain(
      'port=5432 user=postgres',
    );
  });
});

// The real PostgreSQL of CI and of the machines that run the bench against DATABASE_URL.
const UPSTREAM = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const upstreamListens = await new Promise<boolean>((resolve) => {
  const url = new URL(UPSTREAM);
  const socket = connect({ host: url.hostname, port: Number(url.port || 5432) });
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

describe.skipIf(!findPgBouncer() || !upstreamListens)(
  'PgBouncer in front of a real PostgreSQL (needs pgbouncer installed, as CI does)',
  () => {
    it('hands one server connection to one connection after another, as Neon pools them', async () => {
      const pooler = await startPgBouncer(UPSTREAM, await freePort());
      const stack = await startDatabaseStack({
        databaseUrl: pooler.url,
        embeddedDataDir: 'memory',
        embeddedPort: 0,
        bridgePort: await freePort(),
      });
      try {
        const backends = new Set<number>();
        for (let connection = 0; connection < 5; connection++) {
          const { db, close } = connectFromNode({ url: stack.databaseUrl, wsProxy: stack.wsProxy });
          const { rows } = await db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
          backends.add(Number(rows[0]?.pid));
          await close();
        }
        // Straight to PostgreSQL, each connection would have forked a backend of its own.
        expect(backends.size).toBe(1);
      } finally {
        await stack.stop();
        await pooler.stop();
      }
    });

    it('refuses to start on a port already taken, and says why', async () => {
      const port = await freePort();
      const first = await startPgBouncer(UPSTREAM, port);
      try {
        await expect(startPgBouncer(UPSTREAM, port)).rejects.toThrow(/did not start on port/);
      } finally {
        await first.stop();
      }
    });
  },
);
