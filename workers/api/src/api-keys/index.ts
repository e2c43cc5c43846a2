import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { registerCreateApiKey } from './create-api-key';
import { registerGetApiKey } from './get-api-key';
import { registerListApiKeys } from './list-api-keys';
import { registerRevokeApiKey } from './revoke-api-key';
import { registerRotateApiKey } from './rotate-api-key';

/** `/v1/admin/api-keys`: operators issue, rotate and revoke the keys partners and tools call with (ADR 22). */
export function registerAdminApiKeys(app: OpenAPIHono<AppEnv>): void {
  registerListApiKeys(app);
  registerCreateApiKey(app);
  registerGetApiKey(app);
  registerRotateApiKey(app);
  registerRevokeApiKey(app);
}
