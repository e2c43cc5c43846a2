import { relayPendingEvents } from '../events/relay';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

/**
 * Publishes what the kicks after commits did not (ADR 33): events whose Worker died, whose
 * publish failed, or that landed while another relay held the lease. Nothing waits longer than
 * a minute on a lost kick.
 */
export const relayEvents: ScheduledJob = async ({ db, config }) => {
  const outcome = await relayPendingEvents({ db, config });
  log('info', 'integration events relayed', {
    job: 'relay-events',
    ...(outcome ?? { skipped: 'another relay holds the lease' }),
  });
};
