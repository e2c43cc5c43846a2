import { Receiver } from '@upstash/qstash';
import { describe, expect, it } from 'vitest';
import { newQStashSigningKey, signQStashDelivery } from './signer';

// The point of the signer is that QStash's own SDK cannot tell its signatures from QStash's:
// every case below is decided by the real Receiver, not by a re-implementation of it.
const currentSigningKey = newQStashSigningKey();
const nextSigningKey = newQStashSigningKey();
const receiver = new Receiver({ currentSigningKey, nextSigningKey, devMode: false });

const url = 'https://api.example.test/v1/integrations/pim/products?batch=7';
const body = JSON.stringify({ products: [{ handle: 'blue-shirt', version: 3 }] });

describe('signQStashDelivery', () => {
  it('is accepted by the real Receiver with the current signing key', async () => {
    const signature = await signQStashDelivery({ signingKey: currentSigningKey, url, body });
    await expect(receiver.verify({ signature, body, url })).resolves.toBe(true);
  });

  it('is accepted with the next signing key, as during a key rotation', async () => {
    const signature = await signQStashDelivery({ signingKey: nextSigningKey, url, body });
    await expect(receiver.verify({ signature, body, url })).resolves.toBe(true);
  });

  it('carries the claims QStash uses', async () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    const signature = await signQStashDelivery({ signingKey: currentSigningKey, url, body, now });
    const [header, payload] = signature
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(atob(toBase64(part))));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      iss: 'Upstash',
      sub: url,
      iat: now / 1000,
      nbf: now / 1000,
      exp: now / 1000 + 300,
      jti: expect.stringMatching(/^jwt_[A-Za-z0-9]{20}$/),
      body: expect.stringMatching(/^[\w-]{43}=$/),
    });
  });

  it('is refused for another URL', async () => {
    const signature = await signQStashDelivery({ signingKey: currentSigningKey, url, body });
    await expect(receiver.verify({ signature, body, url: `${url}&x=1` })).rejects.toThrow(/subject/);
  });

  it('is refused for a tampered body', async () => {
    const signature = await signQStashDelivery({ signingKey: currentSigningKey, url, body });
    await expect(receiver.verify({ signature, body: body.replace('3', '4'), url })).rejects.toThrow(
      /body hash/,
    );
  });

  it('is refused once expired', async () => {
    // Signed with the next key: the Receiver reports the reason of its last attempt.
    const signature = await signQStashDelivery({
      signingKey: nextSigningKey,
      url,
      body,
      now: Date.now() - 301_000,
    });
    await expect(receiver.verify({ signature, body, url })).rejects.toThrow(/exp/);
  });

  it('is refused when signed with a key the receiver does not hold', async () => {
    const signature = await signQStashDelivery({ signingKey: newQStashSigningKey(), url, body });
    await expect(receiver.verify({ signature, body, url })).rejects.toThrow(/signature/);
  });
});

function toBase64(base64url: string | undefined): string {
  const base64 = (base64url ?? '').replaceAll('-', '+').replaceAll('_', '/');
  return base64.padEnd(Math.ceil(base64.length / 4) * 4, '=');
}
