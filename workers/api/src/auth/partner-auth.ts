import type { Scope } from '@edge-commerce/domain';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { log } from '../log';
import type { PartnerAuthVariables, PartnerCaller } from './callers';
import { principalOf } from './principal';
import { verifyQStashSignature } from './qstash-signature';
import { checkScope } from './scope-check';
import { unauthorized } from './unauthorized';

export interface PartnerAuthOptions {
  /** The scope a partner API key must carry, e.g. `pim:write`. */
  scope: Scope;
}

export interface PartnerAuthEnv {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & PartnerAuthVariables;
}

/**
 * Admits a partner integration in one of two ways, before anything reads or parses the body:
 * - a QStash delivery: `Upstash-Signature` verified by the real Receiver over the raw body (read
 *   once, as text that encodes back to the bytes sent), the current then the next signing key,
 *   and the exact request URL;
 * - `Authorization: Bearer <key>`: a stored API key (or the bootstrap key) carrying `scope`.
 * A request with a signature is judged by its signature alone. Unsigned, forged, expired or
 * unknown → 401; a known key without the scope → 403.
 */
export const partnerAuth = ({ scope }: PartnerAuthOptions) =>
  createMiddleware<PartnerAuthEnv>(async (c, next) => {
    const signature = c.req.header('Upstash-Signature');
    const caller =
      signature === undefined ? await partnerKeyCaller(c, scope) : await signedDeliveryCaller(c, signature);
    c.set('partnerCaller', caller);
    c.set('rawBody', await rawBodyOf(c));
    await next();
  });

/**
 * Admits QStash alone (its callbacks about our own deliveries): a verified `Upstash-Signature`, as
 * above; no key opens it, since only QStash has anything to report. Unsigned or forged: 401.
 */
export const qstashOnlyAuth = () =>
  createMiddleware<PartnerAuthEnv>(async (c, next) => {
    const signature = c.req.header('Upstash-Signature');
    if (signature === undefined)
      throw unauthorized('Only QStash sends this: an Upstash-Signature is required.');
    c.set('partnerCaller', await signedDeliveryCaller(c, signature));
    c.set('rawBody', await rawBodyOf(c));
    await next();
  });

// `ignoreBOM` keeps a leading byte-order mark in the text instead of dropping it, as Request.text()
// does: a signature covers the bytes QStash sent, and the text must encode back to exactly them.
const exactUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The body exactly as sent, as text (read once: Hono keeps it for the validator). */
async function rawBodyOf(c: Context<PartnerAuthEnv>): Promise<string> {
  return exactUtf8.decode(await c.req.arrayBuffer());
}

const SIGNATURE_REFUSED = 'The Upstash-Signature does not verify for this URL and body.';

async function signedDeliveryCaller(c: Context<PartnerAuthEnv>, signature: string): Promise<PartnerCaller> {
  const config = c.get('config');
  const current = config.QSTASH_CURRENT_SIGNING_KEY;
  const next = config.QSTASH_NEXT_SIGNING_KEY;
  if (!current || !next) {
    // The operators hear why; the caller hears what any bad signature hears, and learns nothing
    // about how this deployment is configured.
    log('warn', 'signed delivery refused: QStash signing keys are not configured', {
      requestId: c.get('requestId'),
    });
    throw unauthorized(SIGNATURE_REFUSED);
  }
  const body = await rawBodyOf(c);
  const check = await verifyQStashSignature({ current, next }, { signature, body, url: c.req.url });
  if (!check.valid) {
    // The reason (expired, wrong subject, body hash) helps operators, not a forger.
    log('warn', 'signed delivery refused', { requestId: c.get('requestId'), reason: check.reason });
    throw unauthorized(SIGNATURE_REFUSED);
  }
  return { kind: 'qstash', messageId: c.req.header('Upstash-Message-Id'), token: check.token };
}

async function partnerKeyCaller(c: Context<PartnerAuthEnv>, scope: Scope): Promise<PartnerCaller> {
  const principal = await principalOf(c);
  checkScope(principal, scope, 'Send a QStash-signed delivery or Authorization: Bearer <API key>.');
  if (principal.kind !== 'bootstrap' && principal.kind !== 'apiKey')
    throw new Error('checkScope admitted nobody');
  return { kind: 'partner', partner: principal.kind === 'bootstrap' ? 'bootstrap' : principal.holder };
}
