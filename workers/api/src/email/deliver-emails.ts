import { type Database, emailOutbox } from '@edge-commerce/db';
import type { Config } from '../config';
import { log } from '../log';
import { senderOf } from './email-settings';
import {
  type IdentityEmailData,
  isIdentityTemplate,
  type RenderedEmail,
  renderIdentityEmail,
} from './identity-templates';
import { isOrderTemplate, type OrderEmailData, renderOrderEmail } from './order-templates';
import { resendSenderFor } from './resend-sender';

/** How long a sender holds the emails it took before another may take them again. */
const LEASE_SECONDS = 120;
/** Attempts before an email is given up: about seven hours of backoff, past any link's use. */
export const MAX_EMAIL_ATTEMPTS = 12;

/** The wait after a failed attempt: one minute, doubling, at most an hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(60 * 2 ** (attempt - 1), 3_600);
}

export interface DeliveryCounts {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the due emails of the outbox (ADR 25), those of `ids` only when given (the kick after a
 * commit), at most `limit`. Each is taken under a lease, so a kick and the cron never send one
 * at the same time; were they to, Resend's idempotency key (the email's id) sends it once.
 * Nothing is taken when no Resend key is configured: the emails wait for one.
 */
export async function deliverDueEmails(
  db: Database,
  config: Config,
  options: { ids?: readonly string[]; limit?: number } = {},
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0 };
  const send = resendSenderFor(config);
  if (!send) return counts;
  const due = await emailOutbox.takeDueEmails(db, {
    limit: options.limit ?? 50,
    leaseSeconds: LEASE_SECONDS,
    ...(options.ids ? { ids: options.ids } : {}),
  });
  await Promise.all(
    due.map(async (email) => {
      const rendered = email.data
        ? renderStored(email.template, email.locale, email.data, config.SHOP_NAME)
        : null;
      if (!rendered) {
        await emailOutbox.markEmailAttemptFailed(
          db,
          email.id,
          `no template ${email.template} or no data`,
          null,
        );
        counts.failed++;
        return;
      }
      const outcome = await send({
        ...rendered,
        from: senderOf(config),
        to: email.recipient,
        idempotencyKey: email.id,
      });
      if (outcome.sent) {
        await emailOutbox.markEmailSent(db, email.id, outcome.providerId);
        counts.sent++;
        return;
      }
      const giveUp = !outcome.retry || email.attempts >= MAX_EMAIL_ATTEMPTS;
      await emailOutbox.markEmailAttemptFailed(
        db,
        email.id,
        outcome.error,
        giveUp ? null : retryDelaySeconds(email.attempts),
      );
      log(giveUp ? 'error' : 'warn', giveUp ? 'email given up' : 'email will be tried again', {
        emailId: email.id,
        template: email.template,
        attempt: email.attempts,
        error: outcome.error,
      });
      if (giveUp) counts.failed++;
      else counts.retrying++;
    }),
  );
  return counts;
}

/** An outbox row's email, by its template: identity (ADR 25) or order (ADR 33); null if unknown. */
function renderStored(
  template: string,
  locale: string,
  data: Record<string, unknown>,
  shop: string,
): RenderedEmail | null {
  if (isIdentityTemplate(template))
    return renderIdentityEmail(template, locale, data as unknown as IdentityEmailData, shop);
  if (isOrderTemplate(template))
    return renderOrderEmail(template, locale, data as unknown as OrderEmailData, shop);
  return null;
}
