import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { eventsFor, storedProduct } from './catalog-rows';
import {
  newMessageId,
  onEmbeddedPglite,
  postSignedText,
  signDelivery,
  uniqueSuffix,
  withDatabase,
} from './catalog-test-kit';
import { productItem } from './pim-fixtures';

// `Upstash-Message-Id` makes a delivery idempotent but is not covered by the signature (ADR 17):
// these prove that a signature buys one message id, and that QStash's own retries still replay.

const PRODUCTS = '/v1/integrations/pim/products';

/** The message ids among `ids` that `processed_messages` recorded: what was claimed for a write. */
async function recordedMessageIds(ids: readonly string[]): Promise<string[]> {
  const keys = ids.map((id) => `qstash:${id}`);
  const { rows } = await withDatabase((db) =>
    db.execute<{ message_id: string }>(sql`
      select message_id from processed_messages
      where message_id in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`),
  );
  return rows.map((row) => row.message_id.slice('qstash:'.length));
}

/** The product as stored and every event it has: what a write would change. */
async function productState(handle: string) {
  return withDatabase(async (db) => {
    const product = await storedProduct(db, handle);
    return { product, events: await eventsFor(db, product ? [product.id] : []) };
  });
}

/** One captured delivery: the body and the signature QStash sent with it. */
async function capturedDelivery(prefix: string) {
  const item = productItem(`${prefix}-${uniqueSuffix()}`, 1);
  const text = JSON.stringify({ products: [item] });
  return { item, text, signature: await signDelivery(PRODUCTS, text) };
}

describe('PIM integration security: a signature buys one message id', { timeout: 30_000 }, () => {
  it('refuses a captured delivery re-sent under a fresh Upstash-Message-Id with 401, and changes nothing', async () => {
    const { item, text, signature } = await capturedDelivery('captured');
    const messageId = newMessageId();
    expect((await postSignedText(PRODUCTS, text, { signature, messageId })).status).toBe(200);
    const before = await productState(item.handle);

    const replayId = newMessageId();
    const replay = await postSignedText(PRODUCTS, text, { signature, messageId: replayId });

    const problem = await expectProblem(replay, 401, 'unauthorized');
    expect(problem.detail).toBe('This Upstash-Signature was already used with another Upstash-Message-Id.');
    expect(replay.headers.get('WWW-Authenticate')).toBe('Bearer realm="edge-commerce"');
    expect(await recordedMessageIds([messageId, replayId])).toEqual([messageId]);
    expect(await productState(item.handle)).toEqual(before);
  });

  it('replays a QStash retry: the same message id under a new signature', async () => {
    const { item, text, signature } = await capturedDelivery('retried');
    const messageId = newMessageId();
    const first = await postSignedText(PRODUCTS, text, { signature, messageId });
    expect(first.status).toBe(200);
    const firstBody = await first.text();

    const retry = await postSignedText(PRODUCTS, text, {
      signature: await signDelivery(PRODUCTS, text),
      messageId,
    });

    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await retry.text()).toBe(firstBody);
    expect((await productState(item.handle)).events).toHaveLength(1);
  });

  it('replays the very same delivery again: same signature, same message id', async () => {
    const { item, text, signature } = await capturedDelivery('same');
    const messageId = newMessageId();
    const first = await postSignedText(PRODUCTS, text, { signature, messageId });
    expect(first.status).toBe(200);
    const firstBody = await first.text();

    const again = await postSignedText(PRODUCTS, text, { signature, messageId });

    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.text()).toBe(firstBody);
    expect((await productState(item.handle)).events).toHaveLength(1);
  });

  it('refuses the captured signature respelled: the binding is by its jti, not by its text', async () => {
    // The HMAC's last base64url character carries 2 spare bits that decoders drop, so one
    // signature has four spellings that all verify; a binding keyed by the text would miss three.
    const { item, text, signature } = await capturedDelivery('respelled');
    const messageId = newMessageId();
    expect((await postSignedText(PRODUCTS, text, { signature, messageId })).status).toBe(200);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.slice(-1));
    const respelled = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    // It verifies: with its own message id it is an ordinary redelivery.
    const redelivery = await postSignedText(PRODUCTS, text, { signature: respelled, messageId });
    expect(redelivery.headers.get('Idempotent-Replayed')).toBe('true');

    const replayId = newMessageId();
    const replay = await postSignedText(PRODUCTS, text, { signature: respelled, messageId: replayId });

    const problem = await expectProblem(replay, 401, 'unauthorized');
    expect(problem.detail).toContain('already used');
    expect(await recordedMessageIds([replayId])).toEqual([]);
    expect((await productState(item.handle)).events).toHaveLength(1);
  });

  it('keeps the binding of a delivery that was refused: its signature stays spent on that message id', async () => {
    // A batch over the limit is refused after the signature verified; a forger re-sending the
    // captured signature under another id must not get a second try at it either.
    const text = JSON.stringify({
      products: Array.from({ length: 501 }, (_, index) => ({ handle: `x-${index}` })),
    });
    const signature = await signDelivery(PRODUCTS, text);
    await expectProblem(await postSignedText(PRODUCTS, text, { signature }), 413, 'batch_too_large');

    const replay = await postSignedText(PRODUCTS, text, { signature, messageId: newMessageId() });

    await expectProblem(replay, 401, 'unauthorized');
  });
});

// Concurrency only shows on a real PostgreSQL: the embedded PGlite serves every connection from
// one session and mixes up concurrent clients' statements. Locally:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project workers tests/api/catalog/pim-signature-replay.test.ts
const skipOnPglite = await onEmbeddedPglite();

describe.skipIf(skipOnPglite)(
  'a captured signature re-sent in parallel (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('16 concurrent re-sends under distinct message ids: exactly one is applied, the others get 401', async () => {
      const { item, text, signature } = await capturedDelivery('race');
      const messageIds = Array.from({ length: 16 }, () => newMessageId());

      const responses = await Promise.all(
        messageIds.map((messageId) => postSignedText(PRODUCTS, text, { signature, messageId })),
      );
      const statuses = await Promise.all(
        responses.map(async (response) => {
          await response.body?.cancel();
          return response.status;
        }),
      );

      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 401)).toHaveLength(15);
      const winner = messageIds[statuses.indexOf(200)];
      expect(await recordedMessageIds(messageIds)).toEqual([winner]);
      const { product, events } = await productState(item.handle);
      expect(product?.pimVersion).toBe(1);
      expect(events).toHaveLength(1);
    });
  },
);
