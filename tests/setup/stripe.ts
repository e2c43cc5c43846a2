import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, type StripeStandIn, startStripeStandIn } from '../../packages/devstack/src/index';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Stripe stand-in the Worker's `stripe` SDK calls, its key, and the webhook signing secret. */
    stripeUrl: string;
    stripeSecretKey: string;
    stripeWebhookSecret: string;
  }
}

let standIn: StripeStandIn | undefined;

/**
 * Starts the Stripe stand-in the Worker suite pays against. Its webhooks cannot reach the Worker
 * (the suite runs it in-process, behind no port), so suites read the events it recorded
 * (`GET /v1/events`) and post them to the Worker signed with this secret, as Stripe would.
 */
export async function setup(project: TestProject): Promise<void> {
  standIn = await startStripeStandIn({
    port: await freePort(),
    secretKey: `sk_test_${randomBytes(16).toString('hex')}`,
  });
  project.provide('stripeUrl', standIn.url);
  project.provide('stripeSecretKey', standIn.secretKey);
  project.provide(
    'stripeWebhookSecret',
    `whsec_${randomBytes(24).toString('base64url').replace(/[-_]/g, '0')}`,
  );
  console.log(`[workers suite] Stripe stand-in: ${standIn.url}`);
}

export async function teardown(): Promise<void> {
  await standIn?.stop();
}
