import type { apiKeys } from '@edge-commerce/db';

type LiveApiKey = apiKeys.LiveApiKey;

interface Entry {
  /** null: no live key has this hash (remembered too, so a flood of made-up keys costs little SQL). */
  key: LiveApiKey | null;
  /** Until when (epoch ms) the answer is trusted without asking Postgres again. */
  trustedUntil: number;
}

/** How long an isolate trusts what it read of a key: a revocation elsewhere takes this long to reach it. */
export const API_KEY_TRUST_MS = 10_000;
/** `last_used_at` is written at most this often per key per isolate (and the UPDATE checks it too). */
export const LAST_USED_GAP_SECONDS = 300;
const MAX_ENTRIES = 1_000;

/**
 * The API keys this isolate has looked up, by secret hash, for a few seconds: a partner's burst
 * of calls costs one indexed read, not one per call. A revocation made through this isolate
 * forgets the key at once; other isolates stop honouring it within API_KEY_TRUST_MS (ADR 22).
 */
export class ApiKeyDirectory {
  private readonly entries = new Map<string, Entry>();
  /** Key id → when this isolate last asked for its use to be recorded. */
  private readonly stamped = new Map<string, number>();

  /** The live key with this hash, read through `load` unless trusted from a recent read. */
  async find(
    secretHash: string,
    load: () => Promise<LiveApiKey | undefined>,
    now = Date.now(),
  ): Promise<LiveApiKey | null> {
    const known = this.peek(secretHash, now);
    if (known !== undefined) return known;
    const key = (await load()) ?? null;
    this.remember(secretHash, key, now);
    return key;
  }

  /**
   * What this isolate knows of the hash without any I/O: the live key, null (known not to be
   * one), or undefined (not known). The front door counts a caller by it before routing.
   */
  peek(secretHash: string, now = Date.now()): LiveApiKey | null | undefined {
    const entry = this.entries.get(secretHash);
    if (!entry || entry.trustedUntil <= now) return undefined;
    // A rotated key's grace can end while it is trusted: its deadline wins.
    if (entry.key?.expiresAt != null && entry.key.expiresAt <= now) return null;
    return entry.key;
  }

  forget(secretHash: string): void {
    this.entries.delete(secretHash);
  }

  /** Whether to record the key's use now: once per LAST_USED_GAP_SECONDS per key in this isolate. */
  shouldRecordUse(key: LiveApiKey, now = Date.now()): boolean {
    const gap = LAST_USED_GAP_SECONDS * 1000;
    const last = Math.max(this.stamped.get(key.id) ?? 0, key.lastUsedAt ?? 0);
    if (now - last < gap) return false;
    if (this.stamped.size >= MAX_ENTRIES) this.stamped.clear();
    this.stamped.set(key.id, now);
    return true;
  }

  private remember(secretHash: string, key: LiveApiKey | null, now: number): void {
    // Oldest first: Map keeps insertion order, and a re-read entry is re-inserted.
    this.entries.delete(secretHash);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(secretHash, { key, trustedUntil: now + API_KEY_TRUST_MS });
  }
}

/** This isolate's directory. */
export const apiKeyDirectory = new ApiKeyDirectory();
