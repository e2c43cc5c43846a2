import { StripeApiError } from './errors';

/** A value of a Stripe form body: a string, a list (`a[]=`), or a hash (`a[key]=`). */
export type FormValue = string | FormValue[] | FormHash;
export interface FormHash {
  [key: string]: FormValue;
}

/**
 * Parses `application/x-www-form-urlencoded` with Stripe's bracket nesting, as its API reads it:
 * `metadata[cartId]=c1` is a hash, `expand[]=a&expand[]=b` a list, and `expand[0]=a` (what the
 * stripe SDK sends) a hash with index keys, which `listOf` reads as a list. Brackets may come
 * percent-encoded or not; `+` is a space. A later scalar for the same name wins, as in Rack.
 */
export function parseFormBody(text: string): FormHash {
  const root: FormHash = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    assign(root, nameSegments(decode(rawName)), decode(rawValue));
  }
  return root;
}

/** The list a parameter holds, whether sent as `a[]=` or as the SDK's `a[0]=`; undefined if it is not one. */
export function listOf(value: FormValue): FormValue[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value === '' ? [] : undefined;
  const keys = Object.keys(value);
  if (!keys.every((key) => /^\d+$/.test(key))) return undefined;
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => value[key] as FormValue);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new StripeApiError(400, { message: 'Invalid request body: it is not valid form encoding.' });
  }
}

/** `a[b][]` → ['a', 'b', '']; a name without brackets is one segment. */
function nameSegments(name: string): string[] {
  const open = name.indexOf('[');
  if (open <= 0) return [name];
  const segments = [name.slice(0, open)];
  const rest = name.slice(open);
  const bracket = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let match = bracket.exec(rest); match; match = bracket.exec(rest)) {
    if (match.index !== consumed) break;
    segments.push(match[1] ?? '');
    consumed = bracket.lastIndex;
  }
  // Anything after the last well-formed bracket is part of the last name, as Rack treats it.
  if (consumed < rest.length) segments[segments.length - 1] += rest.slice(consumed);
  return segments;
}

function assign(container: FormHash | FormValue[], segments: string[], value: string): void {
  const [head, ...tail] = segments;
  if (head === undefined) return;
  if (Array.isArray(container)) {
    // `head` is the list's `[]`. `a[][b]=` starts a new hash unless the last one still lacks b.
    if (tail.length === 0) {
      container.push(value);
      return;
    }
    const last = container[container.length - 1];
    const next =
      typeof last === 'object' && !Array.isArray(last) && tail[0] !== undefined && !(tail[0] in last)
        ? last
        : {};
    if (next !== last) container.push(next);
    assign(next, tail, value);
    return;
  }
  if (tail.length === 0) {
    if (typeof container[head] === 'object') conflicting(head);
    container[head] = value;
    return;
  }
  const wantsList = tail[0] === '';
  let child = container[head];
  if (child === undefined) {
    child = wantsList ? [] : {};
    container[head] = child;
  }
  if (typeof child === 'string' || Array.isArray(child) !== wantsList) conflicting(head);
  // A list keeps its `[]` segment in front, which the list branch above takes as its head.
  assign(child as FormHash | FormValue[], tail, value);
}

function conflicting(name: string): never {
  throw new StripeApiError(400, {
    message: `Invalid request body: \`${name}\` is given both as a value and as a nested parameter.`,
    param: name,
  });
}
