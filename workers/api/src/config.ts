import { z } from 'zod';

const postgresUrl = z
  .string({ error: 'is required' })
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// connection string');

/** Every variable and secret the Worker reads. `.dev.vars.example` documents each one. */
export const ConfigSchema = z
  .object({
    ENVIRONMENT: z.enum(['development', 'test', 'production']).default('production'),
    DATABASE_URL: postgresUrl,
    DATABASE_WS_PROXY: z
      .string()
      .regex(/^[\w.-]+:\d+(\/\S*)?$/, 'must look like host:port/path')
      .optional(),
    APP_VERSION: z.string().min(1).default('dev'),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .refine((config) => !(config.ENVIRONMENT === 'production' && config.DATABASE_WS_PROXY), {
    path: ['DATABASE_WS_PROXY'],
    message: 'is a local-development bridge and must not be set in production',
  });

export type Config = z.infer<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

// One parse per isolate: Workers hand the same `env` object to every request of an isolate, so
// the validation runs once at start-up, not per request, while tests that pass a different env
// still get it validated.
const parsed = new WeakMap<object, ConfigResult>();

export function loadConfig(env: object): ConfigResult {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = ConfigSchema.safeParse(env);
  const outcome: ConfigResult = result.success
    ? { ok: true, config: result.data }
    : {
        ok: false,
        problems: result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
      };
  parsed.set(env, outcome);
  return outcome;
}
