import type { SignedToken } from './qstash-token';

/** Who sent an integration request, as established by `partnerAuth`. */
export type PartnerCaller =
  /**
   * A delivery signed by QStash; `messageId` is QStash's id, the same on every retry, and not
   * covered by the signature: `token` is what binds the two (ADR 17).
   */
  | { kind: 'qstash'; messageId: string | undefined; token: SignedToken }
  /** A partner calling with its API key. */
  | { kind: 'partner'; partner: string };

/** Variables `partnerAuth` adds to the request context. */
export interface PartnerAuthVariables {
  partnerCaller: PartnerCaller;
  /** The raw body read (once) to verify the signature; the JSON validator re-uses it. */
  rawBody: string;
}
