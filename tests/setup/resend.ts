import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, type ResendStandIn, startResendStandIn } from '../../packages/devstack/src/index';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Resend stand-in the Worker's `resend` SDK sends to, and its key. */
    resendUrl: string;
    resendApiKey: string;
  }
}

let standIn: ResendStandIn | undefined;

/**
 * Starts the Resend stand-in the Worker suite sends its emails to: suites read what was sent from
 * its `GET /sent?to=` (every suite's recipients are addresses of its own).
 */
export async function setup(project: TestProject): Promise<void> {
  standIn = await startResendStandIn({
    port: await freePort(),
    apiKey: `re_${randomBytes(16).toString('hex')}`,
  });
  project.provide('resendUrl', standIn.url);
  project.provide('resendApiKey', standIn.apiKey);
  console.log(`[workers suite] Resend stand-in: ${standIn.url}`);
}

export async function teardown(): Promise<void> {
  await standIn?.stop();
}
