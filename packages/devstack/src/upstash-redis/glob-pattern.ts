/**
 * Redis's glob-style patterns, as KEYS and SCAN MATCH read them: `*` any run of bytes, `?` one
 * byte, `[abc]`, `[^abc]` and `[a-z]` one byte of (or not of) a set, `\x` the byte x itself. Like
 * Redis it works on bytes, so `?` matches one byte of a multi-byte UTF-8 character; a `[` with no
 * closing `]` takes the rest of the pattern as its set.
 */
export function matchesGlob(pattern: string, text: string): boolean {
  return matchBytes(Buffer.from(pattern), Buffer.from(text));
}

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

function matchBytes(pattern: Buffer, text: Buffer): boolean {
  let p = 0;
  let t = 0;
  // Where to resume after the last `*`: one more byte swallowed by it each time a match fails.
  let starPattern = -1;
  let starText = 0;
  while (t < text.length) {
    if (pattern[p] === STAR) {
      starPattern = ++p;
      starText = t;
      continue;
    }
    const step = p < pattern.length ? matchOne(pattern, p, text[t] ?? 0) : undefined;
    if (step?.matched) {
      p = step.next;
      t++;
    } else if (starPattern >= 0) {
      p = starPattern;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}

/** Matches one pattern element (not `*`) at `p` against one byte; `next` is the element after it. */
function matchOne(pattern: Buffer, p: number, byte: number): { matched: boolean; next: number } {
  const head = pattern[p];
  if (head === QUESTION) return { matched: true, next: p + 1 };
  if (head === BACKSLASH && p + 1 < pattern.length) {
    return { matched: pattern[p + 1] === byte, next: p + 2 };
  }
  if (head !== OPEN) return { matched: head === byte, next: p + 1 };

  let index = p + 1;
  const negated = pattern[index] === CARET;
  if (negated) index++;
  let found = false;
  while (index < pattern.length && pattern[index] !== CLOSE) {
    if (pattern[index] === BACKSLASH && index + 1 < pattern.length) {
      if (pattern[index + 1] === byte) found = true;
      index += 2;
    } else if (pattern[index + 1] === DASH && index + 2 < pattern.length && pattern[index + 2] !== CLOSE) {
      const from = pattern[index] ?? 0;
      const to = pattern[index + 2] ?? 0;
      // Redis takes a reversed range (`[z-a]`) as the same range.
      if (byte >= Math.min(from, to) && byte <= Math.max(from, to)) found = true;
      index += 3;
    } else {
      if (pattern[index] === byte) found = true;
      index++;
    }
  }
  // Past the `]`, or at the end when the set was never closed.
  return { matched: found !== negated, next: Math.min(index + 1, pattern.length) };
}
