import { type PartnerName, type Partners, startPartners } from '../partners/server';
import { type QStashStandIn, startQStashStandIn } from '../qstash/server';
import {
  firstReceipts,
  type PartnerTally,
  type RelayAnswer,
  type RelayQuestion,
  type RelayReadyMessage,
  type RelayStandInsOptions,
} from './relay-process';

// The child side of startRelayStandIns: serve until the bench stops us or goes away.
const options = JSON.parse(process.argv[2] ?? '{}') as RelayStandInsOptions;
const send = (message: RelayReadyMessage | RelayAnswer) => process.send?.(message);

function tally(partners: Partners, qstash: QStashStandIn, partner: PartnerName): PartnerTally {
  const deliveries = partners.deliveries(partner);
  const outcomes: Record<string, number> = {};
  for (const delivery of deliveries) outcomes[delivery.outcome] = (outcomes[delivery.outcome] ?? 0) + 1;
  const receipts = firstReceipts(deliveries);
  let firstReceivedAt: number | null = null;
  let lastReceivedAt: number | null = null;
  for (const { receivedAt } of receipts) {
    firstReceivedAt = Math.min(firstReceivedAt ?? receivedAt, receivedAt);
    lastReceivedAt = Math.max(lastReceivedAt ?? receivedAt, receivedAt);
  }
  return {
    received: receipts.length,
    outcomes,
    firstReceivedAt,
    lastReceivedAt,
    qstashAttempts: qstash.attempts().length,
    qstashDeadLetters: qstash.dlq().length,
  };
}

try {
  const qstash = await startQStashStandIn({
    port: options.qstashPort,
    currentSigningKey: options.signingKey,
    nextSigningKey: options.signingKey,
  });
  const partners = await startPartners({
    port: options.partnersPort,
    signingKeys: { current: options.signingKey, next: options.signingKey },
  });
  process.on('message', (question: RelayQuestion) => {
    try {
      if (question.ask === 'tally')
        send({ id: question.id, tally: tally(partners, qstash, question.partner) });
      else if (question.ask === 'receipts')
        send({
          id: question.id,
          receipts: firstReceipts(partners.deliveries(question.partner)),
        });
      else {
        partners.reset();
        send({ id: question.id, reset: true });
      }
    } catch (error) {
      send({ id: question.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  const stop = () => void Promise.allSettled([qstash.stop(), partners.stop()]).finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  send({ ready: true, qstashUrl: qstash.url, qstashToken: qstash.token, partnersUrl: partners.url });
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
