import { portFromEnv } from './ports';
import { EMBEDDED_DATA_DIR } from './stack';

/** Where the local stack listens; each port can be moved with the variable named beside it. */
export interface LocalStackConfig {
  apiPort: number;
  embeddedPostgresPort: number;
  bridgePort: number;
  /** A real PostgreSQL to use instead of the embedded one. */
  databaseUrl: string | undefined;
  embeddedDataDir: string;
  /** The Upstash Redis stand-in (REST), and the token the Worker is given for it. */
  upstashRedisPort: number;
  upstashRedisToken: string;
  /** A real Redis to back the stand-in instead of its embedded store. */
  redisUrl: string | undefined;
  /** The Resend stand-in (mail capture). */
  resendPort: number;
  /** The Stripe stand-in (payments). */
  stripePort: number;
  /** The QStash stand-in (integration events out and partner messages in), and its token. */
  qstashPort: number;
  qstashToken: string;
  /** The local partners (PIM, WMS, CRM, analytics, marketing) QStash delivers events to. */
  partnersPort: number;
}

/** Not a secret: it only keeps the local stand-in as strict about tokens as Upstash is. */
export const LOCAL_UPSTASH_REDIS_TOKEN = 'edge-commerce-local-upstash-token';

/** Not a secret either: the local QStash stand-in's publishing token, given to the Worker. */
export const LOCAL_QSTASH_TOKEN = 'edge-commerce-local-qstash-token';

export const PORT_VARIABLES = {
  apiPort: 'PORT',
  embeddedPostgresPort: 'PGLITE_PORT',
  bridgePort: 'DB_BRIDGE_PORT',
  upstashRedisPort: 'UPSTASH_REDIS_PORT',
  resendPort: 'RESEND_PORT',
  stripePort: 'STRIPE_PORT',
  qstashPort: 'QSTASH_PORT',
  partnersPort: 'PARTNERS_PORT',
} as const;

export function readLocalStackConfig(): LocalStackConfig {
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// connection string.');
  }
  const redisUrl = process.env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new Error('REDIS_URL must be a redis:// connection string.');
  }
  return {
    apiPort: portFromEnv(PORT_VARIABLES.apiPort, 8787),
    embeddedPostgresPort: portFromEnv(PORT_VARIABLES.embeddedPostgresPort, 55432),
    bridgePort: portFromEnv(PORT_VARIABLES.bridgePort, 55433),
    databaseUrl,
    embeddedDataDir: process.env.PGLITE_DATA_DIR || EMBEDDED_DATA_DIR,
    upstashRedisPort: portFromEnv(PORT_VARIABLES.upstashRedisPort, 55434),
    upstashRedisToken: LOCAL_UPSTASH_REDIS_TOKEN,
    redisUrl,
    resendPort: portFromEnv(PORT_VARIABLES.resendPort, 55435),
    stripePort: portFromEnv(PORT_VARIABLES.stripePort, 55436),
    qstashPort: portFromEnv(PORT_VARIABLES.qstashPort, 55437),
    qstashToken: LOCAL_QSTASH_TOKEN,
    partnersPort: portFromEnv(PORT_VARIABLES.partnersPort, 55438),
  };
}

/** Hides the password of a connection string before it is printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
}
