import type { StoredEntry } from './stored-entry';

export interface RenderedLruOptions {
  maxEntries: number;
  /** Bound on the estimated memory of all entries; an isolate has 128 MB for everything. */
  maxBytes: number;
}

/** An entry as the isolate holds it: with its body already encoded, ready to send. */
export type HeldEntry = StoredEntry & { encoded: Uint8Array<ArrayBuffer> };

interface Slot {
  entry: HeldEntry;
  /** The isolate's invalidation generation when the read that produced it began. */
  generation: number;
  bytes: number;
}

// V8 keeps a string in one or two bytes per character; count two so the bound holds either way.
const bytesOf = (key: string, entry: HeldEntry) =>
  2 * (key.length + entry.body.length + entry.etag.length) + entry.encoded.byteLength + 64;

const utf8 = new TextEncoder();

/** Where a request's address (its path and query, as sent) led under one catalog version. */
interface Address {
  key: string;
  version: number;
}

/** Addresses this long are not remembered: real storefront URLs are far shorter. */
export const MAX_ADDRESS_LENGTH = 1_024;

/**
 * The rendered entries one isolate holds, least recently used first out. It is what lets a warm
 * read answer without leaving the isolate. Entries carry the invalidation generation their read
 * began in, so a read that raced an invalidation can store its result but never serve it.
 *
 * It also remembers which entry each request address was answered with, so that a repeat of the
 * same address finds its entry before any parsing or validation (the warm path). An address is
 * only a shortcut to a key: the entry it leads to is checked exactly as a keyed read checks it.
 */
export class RenderedLru {
  private readonly slots = new Map<string, Slot>();
  private readonly addresses = new Map<string, Address>();
  private bytes = 0;

  constructor(private readonly options: RenderedLruOptions) {}

  get(key: string, generation: number): HeldEntry | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.generation !== generation) {
      this.remove(key, slot);
      return undefined;
    }
    // Re-inserting moves it to the most recently used end of the Map's order.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.entry;
  }

  set(key: string, stored: StoredEntry, generation: number): void {
    // encode() always returns a fresh ArrayBuffer, never a shared one: the type says ArrayBufferLike.
    const entry: HeldEntry = { ...stored, encoded: utf8.encode(stored.body) as Uint8Array<ArrayBuffer> };
    const bytes = bytesOf(key, entry);
    const existing = this.slots.get(key);
    if (existing) this.remove(key, existing);
    // One huge entry must not push out everything else.
    if (bytes > this.options.maxBytes / 8) return;
    this.slots.set(key, { entry, generation, bytes });
    this.bytes += bytes;
    for (const [oldest, slot] of this.slots) {
      if (this.slots.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.remove(oldest, slot);
    }
  }

  /** Remembers that `address` was answered with the entry under `key` (its full, versioned key). */
  setAddress(address: string, key: string, version: number): void {
    if (address.length > MAX_ADDRESS_LENGTH) return;
    this.addresses.delete(address);
    this.addresses.set(address, { key, version });
    // Oldest remembered first out; a hot address lost to a flood is remembered again on its next miss.
    if (this.addresses.size > this.options.maxEntries) {
      const oldest = this.addresses.keys().next().value;
      if (oldest !== undefined) this.addresses.delete(oldest);
    }
  }

  /** The entry `address` was last answered with, if it is of `version` and still held. */
  getByAddress(address: string, version: number, generation: number): HeldEntry | undefined {
    const found = this.addresses.get(address);
    if (!found || found.version !== version) return undefined;
    return this.get(found.key, generation);
  }

  delete(key: string): void {
    const slot = this.slots.get(key);
    if (slot) this.remove(key, slot);
  }

  /**
   * Drops the entries of every version but `keep` (keys begin with `<version>:`): after the
   * version moved, only the current one and the one still servable while it renders are live.
   */
  keepOnlyVersions(keep: ReadonlyArray<number | undefined>): void {
    const live = new Set(keep.filter((version) => version !== undefined).map((version) => `${version}:`));
    for (const [key, slot] of this.slots) {
      if (!live.has(key.slice(0, key.indexOf(':') + 1))) this.remove(key, slot);
    }
  }

  clear(): void {
    this.slots.clear();
    this.addresses.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.slots.size;
  }

  get estimatedBytes(): number {
    return this.bytes;
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }
}
