import type { TestProject } from 'vitest/node';
import {
  freePort,
  type Partners,
  type QStashStandIn,
  startPartners,
  startQStashStandIn,
} from '../../packages/devstack/src/index';
import { testCredentials } from './integration-credentials';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The QStash stand-in the Worker's `@upstash/qstash` Client publishes to, and its token. */
    qstashUrl: string;
    qstashToken: string;
    /** The local partners QStash delivers the shop's events to (`<url>/<partner>/events`). */
    partnersUrl: string;
  }
}

let qstash: QStashStandIn | undefined;
let partners: Partners | undefined;

/**
 * Starts the QStash stand-in and the partner endpoints it delivers to. Both sign and verify with
 * the suite's QStash keys, the ones the Worker verifies inbound deliveries with. Retries are fast:
 * a suite waits seconds, not QStash's minutes, for a failing partner to land in the DLQ.
 */
export async function setup(project: TestProject): Promise<void> {
  const signingKeys = {
    current: testCredentials.qstashCurrentSigningKey,
    next: testCredentials.qstashNextSigningKey,
  };
  qstash = await startQStashStandIn({
    port: await freePort(),
    currentSigningKey: signingKeys.current,
    nextSigningKey: signingKeys.next,
    delivery: { retryBaseDelayMs: 50, retryMaxDelayMs: 400 },
  });
  // Also the API's public address: QStash's delivery reports, and the CRM's messages it pushes
  // through QStash, land there, and suites hand them to the Worker, which listens on no port here.
  const partnersPort = await freePort();
  partners = await startPartners({
    port: partnersPort,
    signingKeys,
    captureApiCalls: true,
    qstash: { url: qstash.url, token: qstash.token },
    apiUrl: `http://127.0.0.1:${partnersPort}`,
  });
  project.provide('qstashUrl', qstash.url);
  project.provide('qstashToken', qstash.token);
  project.provide('partnersUrl', partners.url);
  console.log(`[workers suite] QStash stand-in: ${qstash.url}; partners: ${partners.url}`);
}

export async function teardown(): Promise<void> {
  await qstash?.stop();
  await partners?.stop();
}
