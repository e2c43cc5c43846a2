/**
 * The part of an inbound integration route's description every such route shares (ADR 17): how
 * a partner authenticates and why a delivery applies at most once. `redelivery`, when a route does
 * more on a redelivery than replay its first answer, says what, wrapped and indented as markdown
 * continuing the bullet.
 */
export function partnerDeliveryDoc(scope: string, redelivery?: string): string {
  return `- **Authentication**: a QStash-signed delivery, or \`Authorization: Bearer <partner key>\` with the
  \`${scope}\` scope. Nothing is read or parsed before it verifies: 401 \`unauthorized\` (an unknown
  key, a bad signature, or a signature replayed under another \`Upstash-Message-Id\` than the one
  it first came with), 403 \`forbidden\` (a key without the scope).
- **At most once**: \`Upstash-Message-Id\` (QStash) or \`Idempotency-Key\` (required with a key; 400
  \`idempotency_key_required\`) names the delivery and is recorded with the change; a redelivery
  gets the first answer again, with \`Idempotent-Replayed: true\`${redelivery ? '' : ', and changes nothing'}. The same key
  with another body: 422 \`idempotency_key_reused\`.${redelivery ? `\n  ${redelivery}` : ''}`;
}
