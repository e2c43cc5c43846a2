import type { JsonSchema } from './openapi-operations';

// Values from schemas: a valid baseline, then one-field mutations of it. Nothing here knows a
// route; it reads types, bounds, enums, patterns, formats and examples, so any schema the
// document grows is covered as it is written.

/** A JSON fragment sent as written: numbers JSON.stringify cannot spell (`-0`, `1e400`), deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold `RawJson` fragments. */
export function serializeJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(serializeJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(
      ([key, member]) => `${JSON.stringify(key)}:${serializeJson(member)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

export type Resolve = <T>(node: T) => T;

/** A schema seen as what it admits: its concrete alternatives and whether `null` is one of them. */
interface Shape {
  branches: JsonSchema[];
  nullable: boolean;
}

function shapeOf(schema: JsonSchema, resolve: Resolve): Shape {
  const node = resolve(schema);
  const union = node.anyOf ?? node.oneOf;
  if (union) {
    const parts = union.map((member) => shapeOf(member, resolve));
    return {
      branches: parts.flatMap((part) => part.branches),
      nullable: parts.some((part) => part.nullable),
    };
  }
  if (node.allOf) {
    // Request schemas use allOf only to extend an object: one branch holding every member.
    const merged: JsonSchema = {};
    for (const member of node.allOf.map((part) => resolve(part))) {
      Object.assign(merged, member, {
        properties: { ...merged.properties, ...member.properties },
        required: [...(merged.required ?? []), ...(member.required ?? [])],
      });
    }
    return shapeOf({ ...merged, allOf: undefined }, resolve);
  }
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  const nullable = types.includes('null') || node.enum?.includes(null) === true;
  const concrete = types.filter((type) => type !== 'null');
  if (concrete.length === 0) {
    if (types.includes('null')) return { branches: [], nullable };
    return { branches: [node], nullable };
  }
  return { branches: concrete.map((type) => ({ ...node, type })), nullable };
}

type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';

function kindOf(branch: JsonSchema): Kind {
  const type = typeof branch.type === 'string' ? branch.type : undefined;
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return type;
  if (type === 'array' || branch.items) return 'array';
  if (type === 'object' || branch.properties || branch.additionalProperties) return 'object';
  const sample = branch.enum?.[0] ?? branch.const;
  if (typeof sample === 'string') return 'string';
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  return 'any';
}

const exampleOf = (schema: JsonSchema): unknown => schema.example ?? schema.examples?.[0];

// Tried in order against a pattern when a string schema has no example.
const PATTERN_CANDIDATES = ['fuzz', 'FUZZ', 'fuzz-1', 'Fuzz1', 'abc', '1', '0', 'a', 'A', 'USD', 'x1'];

function validString(branch: JsonSchema): string {
  const min = branch.minLength ?? 0;
  const max = branch.maxLength ?? Number.POSITIVE_INFINITY;
  if (branch.format === 'date-time') return '2026-11-27T10:00:00Z';
  if (branch.format === 'date') return '2026-11-27';
  if (branch.format === 'uri' || branch.format === 'url') return 'https://cdn.example.com/fuzz.jpg';
  if (branch.format === 'email') return 'fuzz@example.com';
  if (branch.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  const fits = (value: string) => value.length >= min && value.length <= max;
  if (branch.pattern) {
    const pattern = new RegExp(branch.pattern, 'u');
    const found = PATTERN_CANDIDATES.find((candidate) => fits(candidate) && pattern.test(candidate));
    if (found === undefined) {
      throw new Error(`no value found for the pattern ${branch.pattern}: give the schema an example`);
    }
    return found;
  }
  return 'fuzz'.padEnd(Math.max(min, 4), 'z').slice(0, Math.max(min, Math.min(4, max)));
}

function validNumber(branch: JsonSchema, integer: boolean): number {
  const low =
    branch.minimum ?? (branch.exclusiveMinimum === undefined ? undefined : branch.exclusiveMinimum + 1);
  const high =
    branch.maximum ?? (branch.exclusiveMaximum === undefined ? undefined : branch.exclusiveMaximum - 1);
  let value = 1;
  if (low !== undefined && value < low) value = low;
  if (high !== undefined && value > high) value = high;
  return integer ? Math.ceil(value) : value;
}

/**
 * A value the schema accepts: its example where it has one (an example also given by the
 * parameter or property wins), else its const, first enum member or default, else one built from
 * type and bounds. Objects get their required properties only, arrays their fewest items.
 */
export function validValue(schema: JsonSchema, resolve: Resolve, example?: unknown): unknown {
  const node = resolve(schema);
  const given = example ?? exampleOf(node);
  if (given !== undefined) return structuredClone(given);
  const { branches, nullable } = shapeOf(node, resolve);
  const branch = branches[0];
  if (!branch) return nullable ? null : 'fuzz';
  const branchExample = exampleOf(branch);
  if (branchExample !== undefined) return structuredClone(branchExample);
  if (branch.const !== undefined) return branch.const;
  if (branch.enum && branch.enum.length > 0) return branch.enum.find((member) => member !== null) ?? null;
  if (branch.default !== undefined) return structuredClone(branch.default);
  switch (kindOf(branch)) {
    case 'string':
      return validString(branch);
    case 'integer':
      return validNumber(branch, true);
    case 'number':
      return validNumber(branch, false);
    case 'boolean':
      return true;
    case 'array': {
      const count = branch.minItems ?? 0;
      return Array.from({ length: count }, () => validValue(branch.items ?? {}, resolve));
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of branch.required ?? []) {
        const property = branch.properties?.[name];
        if (property) value[name] = validValue(property, resolve);
      }
      return value;
    }
    case 'any':
      return 'fuzz';
  }
}

/** A JSON path: property names and array indexes from the body's root. */
export type JsonPath = (string | number)[];

/** `['products', 0, 'title']` → `products[0].title`. */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}

export function valueAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined,
    value,
  );
}

/**
 * Where the baseline holds identifier-like strings (a `pattern` and no enum: handles, SKUs):
 * each send gives them a fresh suffix, so creating routes create instead of colliding with an
 * earlier call or an earlier run on a shared database.
 */
export function identityPaths(
  schema: JsonSchema,
  value: unknown,
  resolve: Resolve,
  path: JsonPath = [],
): JsonPath[] {
  const { branches } = shapeOf(schema, resolve);
  const paths: JsonPath[] = [];
  for (const branch of branches) {
    const kind = kindOf(branch);
    if (kind === 'string' && typeof value === 'string' && branch.pattern && !branch.enum) {
      return [path];
    }
    if (kind === 'array' && Array.isArray(value) && branch.items) {
      const items = branch.items;
      value.forEach((item, index) => {
        paths.push(...identityPaths(items, item, resolve, [...path, index]));
      });
      return paths;
    }
    if (kind === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [name, member] of Object.entries(value)) {
        const property = branch.properties?.[name];
        if (property) paths.push(...identityPaths(property, member, resolve, [...path, name]));
      }
      return paths;
    }
  }
  return paths;
}

/** `value` with a suffix, if the schema at that place still accepts it; else `value`. */
export function withSuffix(value: string, schema: JsonSchema | undefined, suffix: string): string {
  const pattern = schema?.pattern === undefined ? undefined : new RegExp(schema.pattern, 'u');
  const max = schema?.maxLength ?? Number.POSITIVE_INFINITY;
  for (const candidate of [`${value}-${suffix}`, `${value}${suffix}`, `${value}-${suffix.toUpperCase()}`]) {
    if (candidate.length <= max && (!pattern || pattern.test(candidate))) return candidate;
  }
  return value;
}

/** The schema that describes the value at `path` of a body of `schema`. */
export function schemaAt(schema: JsonSchema, path: JsonPath, resolve: Resolve): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (const key of path) {
    if (!current) return undefined;
    const branch: JsonSchema | undefined = shapeOf(current, resolve).branches.find((candidate) =>
      typeof key === 'number' ? kindOf(candidate) === 'array' : kindOf(candidate) === 'object',
    );
    if (!branch) return undefined;
    current =
      typeof key === 'number'
        ? branch.items
        : (branch.properties?.[key] ??
          (typeof branch.additionalProperties === 'object' ? branch.additionalProperties : undefined));
  }
  return current === undefined ? undefined : resolve(current);
}

/** One way to break (or stretch) one value: what kind of change, and the value it becomes. */
export interface Mutation {
  /** `string:nul`, `number:2^53`, `object:unknown-field`, …: what the change is. */
  kind: string;
  /** Where, from the body's root: `products[0].title` (empty: the whole body). */
  path: JsonPath;
  /** The whole body after the change; `RawJson` where JSON.stringify cannot say it. */
  body: unknown;
}

const DEEP = 1_000;
const deepArray = () => new RawJson(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`);
const deepObject = () => new RawJson(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`);
const HUGE_TEXT = 100_000;

/** `value` made `length` characters long with its own last character, so a pattern still fits. */
function stretched(value: string, length: number): string {
  const filler = value.at(-1) ?? 'x';
  return value.length >= length ? value.slice(0, length) : value + filler.repeat(length - value.length);
}

/** Characters that mean something to SQL, LIKE, tsquery, regular expressions, paths or shells. */
const METACHARACTERS = `'"\\%_*:&|!()<>-;\`$^[]{}~?/.#,=+@`;

const inMiddle = (value: string, inserted: string) =>
  `${value.slice(0, Math.ceil(value.length / 2))}${inserted}${value.slice(Math.ceil(value.length / 2))}`;

/** Local changes of one value: `[kind, replacement]`, before they are placed in the body. */
type Local = [kind: string, value: unknown];

function stringChanges(branch: JsonSchema, value: string): Local[] {
  const changes: Local[] = [
    ['string:nul', inMiddle(value, '\u0000')],
    ['string:unit-separator', inMiddle(value, '\u001f')],
    ['string:bell', inMiddle(value, '\u0007')],
    ['string:lone-high-surrogate', inMiddle(value, '\ud800')],
    ['string:lone-low-surrogate', inMiddle(value, '\udc00')],
    ['string:empty', ''],
    ['string:100k', stretched(value, HUGE_TEXT)],
    ['string:combining-marks', `${value}e\u0301\u0301\u0301`],
    ['string:astral', `${value}\u{1F600}`],
    ['string:right-to-left-override', `\u202e${value}`],
    ['string:metacharacters', `${value}${METACHARACTERS}`],
    ['string:as-number', 42],
    ['string:as-boolean', true],
  ];
  if (branch.maxLength !== undefined) {
    changes.push(['string:max-length', stretched(value, branch.maxLength)]);
    changes.push(['string:max-length+1', stretched(value, branch.maxLength + 1)]);
  }
  if (branch.enum) {
    changes.push(['enum:unknown', 'fuzz_unknown_member']);
    if (value.toUpperCase() !== value) changes.push(['enum:other-case', value.toUpperCase()]);
  }
  if (branch.format === 'date-time' || branch.format === 'date') {
    changes.push(
      ['date:year-0', '0000-01-01T00:00:00Z'],
      ['date:year-10000', '+010000-01-01T00:00:00Z'],
      ['date:offset-past-9999', '9999-12-31T23:00:00-02:00'],
      ['date:30-february', '2026-02-30T00:00:00Z'],
      ['date:hour-24', '2026-11-27T24:00:00Z'],
      ['date:no-offset', '2026-11-27T10:00:00'],
      ['date:words', 'next tuesday'],
    );
  }
  if (branch.format === 'uri' || branch.format === 'url') {
    changes.push(
      ['uri:javascript', 'javascript:alert(1)'],
      ['uri:relative', '/relative/path.jpg'],
      ['uri:space', 'https://cdn.example.com/a b.jpg'],
      ['uri:userinfo', 'https://user:pass@cdn.example.com/a.jpg'],
    );
  }
  return changes;
}

function numberChanges(branch: JsonSchema, value: unknown, integer: boolean): Local[] {
  const changes: Local[] = [
    ['number:-1', -1],
    ['number:1.5', 1.5],
    ['number:2^53', new RawJson('9007199254740992')],
    ['number:1e308', new RawJson('1e308')],
    ['number:-1e308', new RawJson('-1e308')],
    ['number:1e400', new RawJson('1e400')],
    ['number:-0', new RawJson('-0')],
    ['number:exponent', new RawJson('1E1')],
    ['number:NaN-as-string', 'NaN'],
    ['number:as-string', String(value)],
    ['number:as-boolean', true],
  ];
  if (branch.minimum !== undefined) {
    changes.push(
      ['number:minimum', branch.minimum],
      ['number:minimum-1', new RawJson(String(branch.minimum - 1))],
    );
  }
  if (branch.maximum !== undefined) {
    changes.push(['number:maximum', new RawJson(String(branch.maximum))]);
    // Past 2^53 a +1 is lost in a double: spell it.
    changes.push(['number:maximum+1', new RawJson((BigInt(branch.maximum) + 1n).toString())]);
  }
  if (integer) changes.push(['integer:fraction', new RawJson(`${String(value)}.5`)]);
  return changes;
}

/** Every mutation of `value` (a valid value of `schema`) and, recursively, of what it holds. */
function* localMutations(
  schema: JsonSchema,
  value: unknown,
  resolve: Resolve,
): Generator<{ kind: string; path: JsonPath; value: unknown; remove?: true }> {
  const { branches, nullable } = shapeOf(schema, resolve);
  const kinds = new Set(branches.map(kindOf));
  const admits = (kind: Kind) =>
    kinds.has(kind) || kinds.has('any') || (kind === 'integer' && kinds.has('number'));
  if (!nullable) yield { kind: 'null', path: [], value: null };
  if (!admits('object')) yield { kind: 'type:object', path: [], value: { fuzz: 1 } };
  if (!admits('array')) yield { kind: 'type:array', path: [], value: [value] };

  const branch =
    branches.find((candidate) => {
      const kind = kindOf(candidate);
      if (kind === 'array') return Array.isArray(value);
      if (kind === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
      if (kind === 'integer' || kind === 'number') return typeof value === 'number';
      return typeof value === kind;
    }) ?? branches[0];
  if (!branch) return;
  const kind = kindOf(branch);
  const local: Local[] = [];
  if (kind === 'string') {
    local.push(...stringChanges(branch, typeof value === 'string' ? value : 'fuzz'));
  } else if (kind === 'integer' || kind === 'number') {
    local.push(...numberChanges(branch, value, kind === 'integer'));
  } else if (kind === 'boolean') {
    local.push(['boolean:as-string', String(value)], ['boolean:as-number', 1]);
  }
  for (const [changeKind, changed] of local) {
    // A change the other branches of a union accept is no mutation (a number where string|number).
    if (changeKind.endsWith(':as-number') && admits('number')) continue;
    if (changeKind.endsWith(':as-boolean') && admits('boolean')) continue;
    if ((changeKind.endsWith(':as-string') || changeKind === 'number:NaN-as-string') && admits('string'))
      continue;
    yield { kind: changeKind, path: [], value: changed };
  }

  if (kind === 'array' && Array.isArray(value)) {
    const items = branch.items ?? {};
    const first = value[0] ?? validValue(items, resolve);
    yield { kind: 'array:deep-nesting', path: [], value: deepArray() };
    yield { kind: 'array:empty', path: [], value: [] };
    if (branch.maxItems !== undefined) {
      yield {
        kind: 'array:max-items+1',
        path: [],
        value: Array.from({ length: branch.maxItems + 1 }, () => first),
      };
    }
    if (!admits('string')) yield { kind: 'type:string', path: [], value: 'fuzz' };
    for (const inner of localMutations(items, first, resolve)) {
      const changed = inner.remove ? value.slice(1) : [inner.value, ...value.slice(1)];
      yield { kind: inner.kind, path: [0, ...inner.path], value: changed };
    }
  }

  if (kind === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if (!admits('string')) yield { kind: 'type:string', path: [], value: 'fuzz' };
    yield { kind: 'object:deep-nesting', path: [], value: deepObject() };
    if (branch.additionalProperties !== true && typeof branch.additionalProperties !== 'object') {
      yield { kind: 'object:unknown-field', path: [], value: { ...object, fuzzUnknownField: 'x' } };
      yield {
        kind: 'object:proto-key',
        path: [],
        value: new RawJson(
          `{"__proto__":{"fuzzPolluted":true}${Object.keys(object).length ? ',' : ''}${serializeJson(object).slice(1)}`,
        ),
      };
    }
    for (const name of branch.required ?? []) {
      if (name in object) {
        const { [name]: _removed, ...rest } = object;
        yield { kind: 'object:missing-required', path: [name], value: rest };
      }
    }
    for (const [name, property] of Object.entries(branch.properties ?? {})) {
      const current = name in object ? object[name] : validValue(property, resolve);
      for (const inner of localMutations(property, current, resolve)) {
        yield { kind: inner.kind, path: [name, ...inner.path], value: { ...object, [name]: inner.value } };
      }
    }
    if (typeof branch.additionalProperties === 'object') {
      const member = branch.additionalProperties;
      const [key, current] = Object.entries(object)[0] ?? ['fuzz', validValue(member, resolve)];
      const sample = validValue(member, resolve);
      for (const [keyKind, badKey] of [
        ['key:nul', 'a\u0000b'],
        ['key:bell', 'a\u0007b'],
        ['key:lone-surrogate', 'a\ud800b'],
        ['key:empty', ''],
        ['key:100k', 'k'.repeat(HUGE_TEXT)],
      ] as const) {
        yield { kind: keyKind, path: [badKey], value: { ...object, [badKey]: sample } };
      }
      for (const inner of localMutations(member, current, resolve)) {
        yield { kind: inner.kind, path: [key, ...inner.path], value: { ...object, [key]: inner.value } };
      }
    }
  }
}

/**
 * Every one-field mutation of `body`, a valid value of `schema`, plus the whole-body ones (a
 * body of the wrong type, nested past any sane depth).
 */
export function bodyMutations(schema: JsonSchema, body: unknown, resolve: Resolve): Mutation[] {
  const mutations: Mutation[] = [
    { kind: 'body:array', path: [], body: [] },
    { kind: 'body:string', path: [], body: 'fuzz' },
    { kind: 'body:number', path: [], body: 42 },
    { kind: 'body:null', path: [], body: null },
    { kind: 'body:deep-array', path: [], body: deepArray() },
    { kind: 'body:deep-object', path: [], body: deepObject() },
  ];
  for (const mutation of localMutations(schema, body, resolve)) {
    if (
      mutation.path.length === 0 &&
      ['null', 'type:array', 'type:string', 'type:object'].includes(mutation.kind)
    ) {
      continue; // the whole-body cases above say it
    }
    mutations.push({ kind: mutation.kind, path: mutation.path, body: mutation.value });
  }
  return mutations;
}

/** Percent-encoding, with lone surrogates as the CESU-8 bytes a careless encoder would send. */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      encoded += `%ED%${(0xa0 | ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
}

/** A changed value of a query, path or header parameter, already in its wire form. */
export interface WireChange {
  kind: string;
  /** Percent-encoded for a query or path, the header value as sent for a header. */
  value: string;
}

/** Mutations of a query or path parameter's value (`valid`, not yet encoded), in wire form. */
export function urlChanges(
  schema: JsonSchema,
  valid: string,
  resolve: Resolve,
  inPath: boolean,
): WireChange[] {
  const branch = shapeOf(schema, resolve).branches[0] ?? {};
  const item = kindOf(branch) === 'array' ? (resolve(branch.items ?? {}) as JsonSchema) : branch;
  const base = percentEncode(valid);
  const middle = Math.ceil(base.length / 2);
  const spliced = (inserted: string) => `${base.slice(0, middle)}${inserted}${base.slice(middle)}`;
  const changes: WireChange[] = [
    { kind: 'text:nul', value: spliced('%00') },
    { kind: 'text:unit-separator', value: spliced('%1F') },
    { kind: 'text:bell', value: spliced('%07') },
    { kind: 'text:lone-high-surrogate', value: spliced('%ED%A0%80') },
    { kind: 'text:lone-low-surrogate', value: spliced('%ED%B0%80') },
    { kind: 'text:invalid-utf8', value: spliced('%FF') },
    { kind: 'text:bad-escape', value: `${base}%` },
    { kind: 'text:bad-escape-digits', value: `${base}%zz` },
    { kind: 'text:empty', value: '' },
    { kind: 'text:astral', value: `${base}%F0%9F%98%80` },
    { kind: 'text:metacharacters', value: `${base}${percentEncode(METACHARACTERS)}` },
    { kind: 'text:only-metacharacters', value: percentEncode(METACHARACTERS) },
    { kind: 'text:only-quote', value: '%22' },
    { kind: 'text:operator-words', value: percentEncode('or - and not " or') },
    { kind: 'number:-1', value: '-1' },
    { kind: 'number:1.5', value: '1.5' },
    { kind: 'number:2^53', value: '9007199254740992' },
    { kind: 'number:1e308', value: '1e308' },
    { kind: 'number:-0', value: '-0' },
    { kind: 'number:NaN', value: 'NaN' },
    { kind: 'number:hex', value: '0x10' },
    { kind: 'boolean:word', value: 'TRUE' },
  ];
  if (item.maxLength !== undefined) {
    changes.push({ kind: 'text:max-length', value: percentEncode(stretched(valid || 'x', item.maxLength)) });
    changes.push({
      kind: 'text:max-length+1',
      value: percentEncode(stretched(valid || 'x', item.maxLength + 1)),
    });
  }
  if (item.enum) changes.push({ kind: 'enum:unknown', value: 'fuzz_unknown_member' });
  if (inPath) {
    changes.push(
      { kind: 'path:300-characters', value: 'a'.repeat(300) },
      { kind: 'path:dot-dot-slash', value: '..%2F' },
      { kind: 'path:dot-dot-slash-deeper', value: '..%2F..%2F..%2Fadmin' },
      { kind: 'path:encoded-slash', value: `${base}%2Fx` },
      { kind: 'path:encoded-dots', value: '%2E%2E' },
      { kind: 'path:backslash', value: `${base}%5C..` },
      { kind: 'path:empty', value: '' },
    );
  } else {
    changes.push(
      { kind: 'text:100k', value: 'q'.repeat(HUGE_TEXT) },
      { kind: 'text:plus-as-space', value: `${base}+x` },
    );
  }
  return changes;
}

/** Mutations of a header parameter that a fetch client can send (no NUL, CR or LF: Headers refuses those). */
export function headerChanges(schema: JsonSchema, valid: string, resolve: Resolve): WireChange[] {
  const branch = shapeOf(schema, resolve).branches[0] ?? {};
  const changes: WireChange[] = [
    { kind: 'header:bell', value: inMiddle(valid, '\u0007') },
    { kind: 'header:unit-separator', value: inMiddle(valid, '\u001f') },
    { kind: 'header:delete', value: inMiddle(valid, '\u007f') },
    { kind: 'header:empty', value: '' },
    { kind: 'header:8k', value: stretched(valid || 'x', 8_192) },
    { kind: 'header:list', value: `${valid}, ${valid}` },
    { kind: 'header:quoted', value: `"${valid}` },
    { kind: 'number:-1', value: '-1' },
  ];
  if (branch.maxLength !== undefined) {
    changes.push({ kind: 'header:max-length+1', value: stretched(valid || 'x', branch.maxLength + 1) });
  }
  return changes;
}

/** A small seeded PRNG (mulberry32): the same seed picks the same cases on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit FNV-1a hash, to give every operation its own seed from one run seed. */
export function hashSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * At most `limit` of `cases`, chosen for breadth, in a seeded order: first a NUL in every field
 * that takes text (what Postgres refuses outright, ADR 14), then one case of every kind, then
 * one for every target not yet hit, then the rest.
 */
export function pickCases<T extends { kind: string; target: string }>(
  cases: T[],
  limit: number,
  random: () => number,
): T[] {
  const shuffled = [...cases];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  const picked = new Set<T>();
  const pickFirst = (key: (candidate: T) => string | undefined) => {
    // What the earlier passes picked already covers its key.
    const seen = new Set([...picked].map(key).filter((value) => value !== undefined));
    for (const candidate of shuffled) {
      const value = key(candidate);
      if (value === undefined || seen.has(value)) continue;
      seen.add(value);
      picked.add(candidate);
    }
  };
  pickFirst((candidate) => (candidate.kind.endsWith(':nul') ? candidate.target : undefined));
  pickFirst((candidate) => candidate.kind);
  pickFirst((candidate) => candidate.target);
  for (const candidate of shuffled) picked.add(candidate);
  return [...picked].slice(0, limit);
}
