import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerCustomerSecurityScheme } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { registerAddressBook } from './addresses';
import { registerChangePassword } from './change-password';
import { registerDeleteMe } from './delete-me';
import { registerExportMe } from './export-me';
import { registerGetMe } from './get-me';
import { registerGetMyCart } from './my-cart';
import { registerRegisterCustomer } from './register-customer';
import { registerUpdateMe } from './update-me';

/** Customer accounts (ADR 23): registration and the signed-in customer's own account. */
export function registerCustomers(app: OpenAPIHono<AppEnv>): void {
  registerCustomerSecurityScheme(app);
  registerRegisterCustomer(app);
  registerGetMe(app);
  registerUpdateMe(app);
  registerChangePassword(app);
  registerExportMe(app);
  registerDeleteMe(app);
  registerAddressBook(app);
  registerGetMyCart(app);
}
