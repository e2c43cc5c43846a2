import { randomUUID } from 'node:crypto';

/** An email as Resend's `GET /emails/{id}` shows it. */
export interface CapturedEmail {
  object: 'email';
  id: string;
  to: string[];
  from: string;
  created_at: string;
  subject: string;
  html: string | null;
  text: string | null;
  bcc: string[] | null;
  cc: string[] | null;
  reply_to: string[] | null;
  last_event: 'delivered';
  scheduled_at: null;
  tags: { name: string; value: string }[];
}

/** Resend's error body: `{ statusCode, name, message }`. */
export class ResendError extends Error {
  constructor(
    readonly statusCode: number,
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }

  body(): { statusCode: number; name: string; message: string } {
    return { statusCode: this.statusCode, name: this.name, message: this.message };
  }
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAMED_ADDRESS = /^[^<>]+ <([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$/;
const IDEMPOTENCY_KEY_HOURS = 24;
const MAX_RECIPIENTS = 50;

function isAddress(value: string): boolean {
  return ADDRESS.test(value) || NAMED_ADDRESS.test(value);
}

function addressList(field: string, value: unknown, required: boolean): string[] | null {
  if (value === undefined || value === null) {
    if (required) throw new ResendError(422, 'missing_required_field', `Missing \`${field}\` field.`);
    return null;
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string' || !isAddress(entry))) {
    throw new ResendError(
      422,
      'validation_error',
      `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
    );
  }
  if (list.length > MAX_RECIPIENTS)
    throw new ResendError(
      422,
      'validation_error',
      `Too many recipients in \`${field}\`: at most ${MAX_RECIPIENTS}.`,
    );
  return list as string[];
}

function optionalString(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new ResendError(422, 'validation_error', `\`${field}\` must be a string.`);
  return value;
}

/**
 * What the local Resend holds: every email the API sent, newest last, and the idempotency keys of
 * the last 24 hours with the request each answered, checked as Resend checks them.
 */
export class Mailbox {
  readonly emails: CapturedEmail[] = [];
  private readonly keys = new Map<string, { request: string; id: string; at: number }>();

  /** `POST /emails`: the new email's id, or the first answer's id for a repeated key. */
  send(body: unknown, idempotencyKey: string | undefined): { id: string } {
    if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > 256))
      throw new ResendError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ResendError(422, 'validation_error', 'The body must be a JSON object.');
    const fields = body as Record<string, unknown>;
    const request = JSON.stringify(fields);
    if (idempotencyKey !== undefined) {
      const earlier = this.keys.get(idempotencyKey);
      if (earlier && Date.now() - earlier.at < IDEMPOTENCY_KEY_HOURS * 3_600_000) {
        if (earlier.request !== request)
          throw new ResendError(
            409,
            'invalid_idempotent_request',
            'Same idempotency key used with a different request payload.',
          );
        return { id: earlier.id };
      }
    }
    const email = this.validated(fields);
    this.emails.push(email);
    if (idempotencyKey !== undefined)
      this.keys.set(idempotencyKey, { request, id: email.id, at: Date.now() });
    return { id: email.id };
  }

  find(id: string): CapturedEmail | undefined {
    return this.emails.find((email) => email.id === id);
  }

  private validated(fields: Record<string, unknown>): CapturedEmail {
    const from = fields.from;
    if (from === undefined) throw new ResendError(422, 'missing_required_field', 'Missing `from` field.');
    if (typeof from !== 'string' || !isAddress(from)) {
      throw new ResendError(
        422,
        'validation_error',
        'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
      );
    }
    const to = addressList('to', fields.to, true) ?? [];
    const subject = fields.subject;
    if (subject === undefined)
      throw new ResendError(422, 'missing_required_field', 'Missing `subject` field.');
    if (typeof subject !== 'string')
      throw new ResendError(422, 'validation_error', '`subject` must be a string.');
    const html = optionalString('html', fields.html);
    const text = optionalString('text', fields.text);
    if (html === null && text === null)
      throw new ResendError(422, 'missing_required_field', 'Missing `html` or `text` field.');
    return {
      object: 'email',
      id: randomUUID(),
      to,
      from,
      created_at: new Date().toISOString(),
      subject,
      html,
      text,
      bcc: addressList('bcc', fields.bcc, false),
      cc: addressList('cc', fields.cc, false),
      reply_to: addressList('reply_to', fields.reply_to, false),
      last_event: 'delivered',
      scheduled_at: null,
      tags: Array.isArray(fields.tags) ? (fields.tags as { name: string; value: string }[]) : [],
    };
  }
}
