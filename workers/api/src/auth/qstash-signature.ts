import { type SignedToken, verifiedTokenIdentity } from './qstash-token';

export interface QStashSigningKeys {
  current: string;
  next: string;
}

export interface SignedDelivery {
  signature: string;
  /** The raw body exactly as received. */
  body: string;
  /** The exact URL the delivery was sent to, as QStash signed it. */
  url: string;
}

export type SignatureCheck = { valid: true; token: SignedToken } | { valid: false; reason: string };

// QStash stamps `nbf` and `iat` with its own clock; a few seconds of skew with ours must not turn
// a fresh delivery away (the signature also lives only 5 minutes, so this barely widens it).
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies a QStash signature with the real `Receiver`: current key, then next key, then the
 * subject against the URL and the body hash against the raw body. The Receiver throws on any
 * failure (it never answers false), so the outcome is folded into a value here. A valid one
 * comes with the token's identity (`jti`, expiry), read only once the signature verified.
 */
export async function verifyQStashSignature(
  keys: QStashSigningKeys,
  delivery: SignedDelivery,
): Promise<SignatureCheck> {
  // Loaded on the first signed delivery, not at isolate start: the SDK (with jose) is the
  // largest module the Worker has, and most requests never verify a signature.
  const { Receiver } = await import('@upstash/qstash');
  // devMode false: otherwise a QSTASH_DEV variable in a Node host's environment would make the
  // Receiver trust QStash's public development keys instead of ours.
  const receiver = new Receiver({
    currentSigningKey: keys.current,
    nextSigningKey: keys.next,
    devMode: false,
  });
  try {
    await receiver.verify({ ...delivery, clockTolerance: CLOCK_TOLERANCE_SECONDS });
  } catch (error) {
    return { valid: false, reason: error instanceof Error ? error.message : String(error) };
  }
  // The Receiver verifies but does not hand the claims back.
  const token = verifiedTokenIdentity(delivery.signature, CLOCK_TOLERANCE_SECONDS);
  return token ? { valid: true, token } : { valid: false, reason: 'the signature carries no jti or exp' };
}
