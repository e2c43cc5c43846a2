import { join } from 'node:path';
import { freePort } from '../ports';
import type { DatabaseTarget } from '../postgres/connect';
import { applyMigrations } from '../postgres/migrate';
import { seedDemoData } from '../seed/demo';
import { type DatabaseStack, startDatabaseStack } from '../stack';
import type { UpstashRedis } from '../upstash-redis/server';
import type { Cleanup } from './cleanup';
import type { BenchOptions } from './options';
import { findPgBouncer, PGBOUNCER_INSTALL_HINT, startPgBouncer } from './pgbouncer';
import { startUpstashRedisProcess } from './upstash-redis-process';

// freePort() probes and releases, so two calls in a row can name the same port.
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export interface BenchCatalog {
  database: DatabaseStack;
  target: DatabaseTarget;
  /** The catalog cache's Redis (the Upstash stand-in), in a process of its own. */
  redis: UpstashRedis;
  /** Whether the API reaches DATABASE_URL's PostgreSQL through PgBouncer. */
  pooler: 'pgbouncer' | 'none';
}

/**
 * DATABASE_URL, or PgBouncer's URL in front of it when the options ask for the pooler (or leave
 * it to `auto` and it is installed); undefined for the embedded database, which has one session.
 */
async function externalDatabaseUrl(
  pooler: BenchOptions['pooler'],
  port: number,
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<{ url: string | undefined; pooler: BenchCatalog['pooler'] }> {
  const url = process.env.DATABASE_URL || undefined;
  if (url === undefined || pooler === 'none') return { url, pooler: 'none' };
  if (pooler === 'auto' && !findPgBouncer()) {
    progress(
      `PgBouncer is not installed: the API connects straight to PostgreSQL, so every order forks a backend, which production (Neon's pooled endpoint) does not (${PGBOUNCER_INSTALL_HINT}).`,
    );
    return { url, pooler: 'none' };
  }
  progress('Starting PgBouncer in front of DATABASE_URL, as Neon pools connections in production…');
  const pgbouncer = await startPgBouncer(url, port);
  cleanup.add(() => pgbouncer.stop());
  return { url: pgbouncer.url, pooler: 'pgbouncer' };
}

/**
 * What every bench reads: the database (PGlite kept in `benchDir`, or DATABASE_URL, through
 * PgBouncer as `options.pooler` says) migrated and
 * holding the generated catalog of `products`, and the Upstash Redis stand-in (in front of
 * REDIS_URL when set). Both are stopped by `cleanup`.
 */
export async function startBenchCatalog(
  options: {
    products: number;
    benchDir: string;
    pooler: BenchOptions['pooler'];
    ports: { embedded: number; bridge: number; redis: number; pooler: number };
  },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<BenchCatalog> {
  const external = await externalDatabaseUrl(options.pooler, options.ports.pooler, cleanup, progress);
  progress('Starting the database and applying migrations…');
  const database = await startDatabaseStack({
    databaseUrl: external.url,
    // The generated catalog takes a minute or two to load into PGlite; kept, later runs reuse it.
    embeddedDataDir: join(options.benchDir, `pglite-catalog-${options.products}`),
    embeddedPort: options.ports.embedded,
    bridgePort: options.ports.bridge,
  });
  cleanup.add(() => database.stop());
  // In a process of its own, out of reach of PGlite's synchronous queries.
  const redis = await startUpstashRedisProcess({
    port: options.ports.redis,
    token: crypto.randomUUID(),
    redisUrl: process.env.REDIS_URL || undefined,
  });
  cleanup.add(() => redis.stop());
  const target = { url: database.databaseUrl, wsProxy: database.wsProxy };
  await applyMigrations(target);
  // Idempotent and deterministic: the same catalog in every run, loaded only once per size.
  progress(`Seeding the ${options.products}-product catalog (once per size; kept in .bench/)…`);
  await seedDemoData(target, { products: options.products });
  return { database, target, redis, pooler: external.pooler };
}
