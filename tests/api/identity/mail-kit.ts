import { expect, inject } from 'vitest';

declare module 'vitest' {
  // Provided by tests/setup/resend.ts (declared there for the Node side).
  export interface ProvidedContext {
    resendUrl: string;
  }
}

/** An email as the Resend stand-in shows it (what these suites read of it). */
export interface CapturedEmail {
  id: string;
  to: string[];
  from: string;
  subject: string;
  html: string | null;
  text: string | null;
}

/** What the Resend stand-in received for `address` so far, oldest first. */
export async function emailsTo(address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${inject('resendUrl')}/sent?to=${encodeURIComponent(address)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: CapturedEmail[] }).data;
}

/**
 * Waits for the `count`-th email to `address` (sent after the response, from waitUntil) and
 * returns it. Fails after `timeoutMs`.
 */
export async function awaitEmail(address: string, count = 1, timeoutMs = 10_000): Promise<CapturedEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await emailsTo(address);
    const email = emails[count - 1];
    if (email) return email;
    if (Date.now() > deadline) throw new Error(`no email #${count} to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The single-use token the email's link carries (after `#token=`), checked to be in both parts. */
export function tokenIn(email: CapturedEmail): string {
  const token = /#token=([\w-]+)/.exec(email.text ?? '')?.[1];
  if (!token) throw new Error(`no token in the email "${email.subject}"`);
  expect(email.html).toContain(`#token=${token}`);
  return token;
}
