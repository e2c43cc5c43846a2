import { Resend } from 'resend';
import type { Config } from '../config';
import type { RenderedEmail } from './identity-templates';

/** An email as it leaves: rendered, addressed, and keyed so a second send of it is a no-op. */
export interface OutgoingEmail extends RenderedEmail {
  from: string;
  to: string;
  /** Resend keeps a key 24 hours: the same email sent again within them goes out once. */
  idempotencyKey: string;
}

export type SendOutcome = { sent: true; providerId: string } | { sent: false; retry: boolean; error: string };

// Refused for good: the email itself is wrong (an address, a field) or its key was used for
// another email. Anything else (a network failure, 429, 5xx, a key being fixed) is tried again.
const PERMANENT = new Set(['validation_error', 'missing_required_field', 'invalid_idempotent_request']);

const clients = new Map<string, Resend>();

function clientFor(config: Config & { RESEND_API_KEY: string }): Resend {
  const key = `${config.RESEND_BASE_URL ?? ''}|${config.RESEND_API_KEY}`;
  let client = clients.get(key);
  if (!client) {
    client = new Resend(
      config.RESEND_API_KEY,
      config.RESEND_BASE_URL ? { baseUrl: config.RESEND_BASE_URL } : {},
    );
    clients.set(key, client);
  }
  return client;
}

/** Sends one email with the `resend` SDK; undefined when no RESEND_API_KEY is configured. */
export function resendSenderFor(
  config: Config,
): ((email: OutgoingEmail) => Promise<SendOutcome>) | undefined {
  const apiKey = config.RESEND_API_KEY;
  if (apiKey === undefined) return undefined;
  const client = clientFor({ ...config, RESEND_API_KEY: apiKey });
  return async (email) => {
    const { data, error } = await client.emails.send(
      { from: email.from, to: email.to, subject: email.subject, text: email.text, html: email.html },
      { idempotencyKey: email.idempotencyKey },
    );
    if (data) return { sent: true, providerId: data.id };
    const status = error?.statusCode ?? null;
    const name = error?.name ?? 'application_error';
    // A 403 `validation_error` is an unverified domain or a test-mode recipient: the operator's to fix.
    const retry = !(PERMANENT.has(name) && status !== 403 && status !== 401);
    return { sent: false, retry, error: `${status ?? 'no answer'} ${name}: ${error?.message ?? 'unknown'}` };
  };
}
