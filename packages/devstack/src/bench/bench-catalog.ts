import { join } from 'node:path';
import { freePort } from '../ports';
import type { DatabaseTarget } from '../postgres/connect';
import { applyMigrations } from '../postgres/migrate';
import { seedDemoData } from '../seed/demo';
import { type DatabaseStack, startDatabaseStack } from '../stack';
import type { UpstashRedis } from '../upstash-redis/server';
import type { Cleanup } from './cleanup';
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
}

/**
 * What every bench reads: the database (PGlite kept in `benchDir`, or DATABASE_URL) migrated and
 * holding the generated catalog of `products`, and the Upstash Redis stand-in (in front of
 * REDIS_URL when set). Both are stopped by `cleanup`.
 */
export async function startBenchCatalog(
  options: {
    products: number;
    benchDir: string;
    ports: { embedded: number; bridge: number; redis: number };
  },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<BenchCatalog> {
  progress('Starting the database and applying migrations…');
  const database = await startDatabaseStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
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
  return { database, target, redis };
}
