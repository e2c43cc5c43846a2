import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../env';
import { registerCreateAddress } from './create-address';
import { registerDeleteAddress } from './delete-address';
import { registerGetAddress } from './get-address';
import { registerListAddresses } from './list-addresses';
import { registerUpdateAddress } from './update-address';

/** `/v1/customers/me/addresses`: the signed-in customer's address book. */
export function registerAddressBook(app: OpenAPIHono<AppEnv>): void {
  registerListAddresses(app);
  registerCreateAddress(app);
  registerGetAddress(app);
  registerUpdateAddress(app);
  registerDeleteAddress(app);
}
