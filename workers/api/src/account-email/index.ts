import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { registerRequestPasswordReset } from './request-password-reset';
import { registerRequestVerification } from './request-verification';
import { registerResetPassword } from './reset-password';
import { registerVerifyEmail } from './verify-email';

/** Address verification and password reset by single-use links sent by email (ADR 25). */
export function registerAccountEmail(app: OpenAPIHono<AppEnv>): void {
  registerRequestVerification(app);
  registerVerifyEmail(app);
  registerRequestPasswordReset(app);
  registerResetPassword(app);
}
