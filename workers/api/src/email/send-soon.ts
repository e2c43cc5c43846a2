import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { afterResponse } from '../middleware/after-response';
import { deliverDueEmails } from './deliver-emails';

/**
 * Sends a just-committed email after the response, so the shopper does not wait for Resend. The
 * email is in the outbox already: if this dies or fails, the every-minute cron sends it.
 */
export function sendSoon<E extends AppEnv>(c: Context<E>, emailId: string): void {
  afterResponse(c, 'send an email', (db) => deliverDueEmails(db, c.get('config'), { ids: [emailId] }));
}
