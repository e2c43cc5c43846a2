import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { LOCAL_API_KEYS } from './local-api-keys';
import type { FixedApiKey } from './seed/api-keys';
import { REPOSITORY_ROOT } from './stack';

/**
 * The Worker variables that hold credentials, and the browser origins a local storefront runs
 * on (without which no page on localhost could call the API). `npm start` sets each one to the
 * value documented in `.dev.vars.example`, the single source of the local values, unless the
 * developer's own file sets it.
 */
export const CREDENTIAL_VARIABLES = [
  'BOOTSTRAP_ADMIN_KEY',
  'TOKEN_SIGNING_KEY',
  'QSTASH_CURRENT_SIGNING_KEY',
  'QSTASH_NEXT_SIGNING_KEY',
  'RESEND_API_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'ORDER_NUMBER_KEY',
  'STOREFRONT_ORIGINS',
] as const;

export type CredentialVariable = (typeof CREDENTIAL_VARIABLES)[number];

/** The credentials the local Worker runs with, and where each came from. */
export interface LocalCredentials {
  /** Each credential variable's value, exactly as the Worker gets it. */
  variables: Record<CredentialVariable, string>;
  /** The bootstrap key (every scope), as the Worker gets it. */
  bootstrapKey: string;
  /** The stored partner keys `npm start` seeds (LOCAL_API_KEYS), not Worker variables. */
  partnerKeys: readonly FixedApiKey[];
  qstashCurrentSigningKey: string;
  qstashNextSigningKey: string;
  /** The file the Worker reads its developer's own values from (`.dev.vars`), if there is one. */
  developerFile: string | undefined;
  /** The variables that file sets, whose example value therefore is not passed. */
  overridden: CredentialVariable[];
}

export interface ReadLocalCredentialsOptions {
  /** The folder of wrangler.toml and `.dev.vars.example`; defaults to the repository. */
  root?: string;
  /** The environment wrangler dev runs in (it reads CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV). */
  environment?: Readonly<Record<string, string | undefined>>;
}

export const EXAMPLE_FILE = '.dev.vars.example';

/**
 * The local credentials: `.dev.vars.example`'s values, except those the developer's own file
 * sets. Throws, naming the file and variable, if the example lacks one. The Worker validates the
 * values themselves (its ConfigSchema) when it starts.
 */
export function readLocalCredentials(options: ReadLocalCredentialsOptions = {}): LocalCredentials {
  const root = options.root ?? REPOSITORY_ROOT;
  const example = readDotenvFile(join(root, EXAMPLE_FILE));
  if (!example) throw new Error(`${join(root, EXAMPLE_FILE)} is missing: it holds the local credentials.`);
  const developer = developerVariables(root, options.environment ?? process.env);

  const variables = {} as Record<CredentialVariable, string>;
  const overridden: CredentialVariable[] = [];
  for (const name of CREDENTIAL_VARIABLES) {
    const own = developer?.variables[name];
    if (own !== undefined) {
      // Taken as the developer wrote it, empty included; the Worker names anything invalid.
      overridden.push(name);
      variables[name] = own;
      continue;
    }
    const value = example[name];
    if (!value) throw new Error(`${EXAMPLE_FILE} must set ${name}: npm start gives it to the Worker.`);
    variables[name] = value;
  }
  return {
    variables,
    bootstrapKey: variables.BOOTSTRAP_ADMIN_KEY,
    partnerKeys: LOCAL_API_KEYS,
    qstashCurrentSigningKey: variables.QSTASH_CURRENT_SIGNING_KEY,
    qstashNextSigningKey: variables.QSTASH_NEXT_SIGNING_KEY,
    developerFile: developer?.file,
    overridden,
  };
}

/**
 * The `--var NAME:value` pairs for wrangler dev: the example's credentials that the developer's
 * file does not set. wrangler dev lets `--var` win over `.dev.vars`, so passing those too would
 * silently replace the developer's own values.
 */
export function credentialVarsToPass(credentials: LocalCredentials): [CredentialVariable, string][] {
  return CREDENTIAL_VARIABLES.filter((name) => !credentials.overridden.includes(name)).map((name) => [
    name,
    credentials.variables[name],
  ]);
}

/** A dotenv file parsed with the syntax wrangler reads `.dev.vars` with; undefined if absent. */
export function readDotenvFile(path: string): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/**
 * The variables wrangler dev takes from the developer's own files, as it chooses them: `.dev.vars`
 * when it exists, otherwise `.env` then `.env.local` (the later wins), unless
 * CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false.
 */
function developerVariables(
  root: string,
  environment: Readonly<Record<string, string | undefined>>,
): { file: string; variables: Record<string, string> } | undefined {
  const devVars = readDotenvFile(join(root, '.dev.vars'));
  if (devVars) return { file: '.dev.vars', variables: devVars };
  if (environment.CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV?.toLowerCase() === 'false') return undefined;
  const files = ['.env', '.env.local'].filter((file) => existsSync(join(root, file)));
  if (files.length === 0) return undefined;
  const variables = Object.assign({}, ...files.map((file) => readDotenvFile(join(root, file))));
  return { file: files.join(' + '), variables };
}
