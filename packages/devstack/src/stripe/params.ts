import { parameterInvalid, parameterMissing, parameterUnknown } from './errors';
import { type FormHash, type FormValue, listOf } from './form-body';

export type Metadata = Record<string, string>;

const METADATA_KEYS = 50;
const METADATA_KEY_LENGTH = 40;
const METADATA_VALUE_LENGTH = 500;

/**
 * The parameters of one request, read as Stripe reads them: every value arrives as text, so
 * integers, booleans and enums are checked here with Stripe's messages, each naming its `param`.
 */
export class Params {
  constructor(
    readonly fields: FormHash,
    private readonly prefix = '',
  ) {}

  /** Stripe refuses a parameter it does not know; so does the stand-in, so typos fail locally too. */
  allowOnly(known: readonly string[]): this {
    for (const name of Object.keys(this.fields))
      if (!known.includes(name)) throw parameterUnknown(this.path(name));
    return this;
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      throw parameterInvalid(this.path(name), `Invalid string: ${describe(value)}`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw parameterMissing(this.path(name));
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw parameterInvalid(this.path(name), `Invalid integer: ${value}`, 'parameter_invalid_integer');
    return Number(value);
  }

  requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) throw parameterMissing(this.path(name));
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false')
      throw parameterInvalid(this.path(name), `Invalid boolean: ${value}`);
    return value === 'true';
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      const choices = `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
      throw parameterInvalid(this.path(name), `Invalid ${this.path(name)}: must be one of ${choices}`);
    }
    return value as T;
  }

  hash(name: string): Params | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw parameterInvalid(this.path(name), `Invalid object`);
    return new Params(value, this.path(name));
  }

  stringList(name: string): string[] | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    const list = listOf(value);
    if (!list || list.some((entry) => typeof entry !== 'string'))
      throw parameterInvalid(this.path(name), `Invalid array`);
    return list as string[];
  }

  /** `expand[]`: the dotted paths to expand in the answer. */
  expand(): string[] {
    return this.stringList('expand') ?? [];
  }

  /**
   * `metadata` as an update: each key set, a key sent empty removed, and `metadata=` (empty)
   * removing every key. Within Stripe's limits of 50 keys, 40-character keys, 500-character values.
   */
  metadataOnto(current: Metadata): Metadata {
    const value = this.fields.metadata;
    if (value === undefined) return current;
    if (value === '') return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw parameterInvalid('metadata', 'Invalid object');
    const next = { ...current };
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string')
        throw parameterInvalid(`metadata[${key}]`, 'Metadata values must be strings.');
      if (key.length > METADATA_KEY_LENGTH)
        throw parameterInvalid(
          `metadata[${key}]`,
          `Invalid metadata: keys can be at most ${METADATA_KEY_LENGTH} characters long.`,
        );
      if (entry.length > METADATA_VALUE_LENGTH)
        throw parameterInvalid(
          `metadata[${key}]`,
          `Invalid metadata: values can be at most ${METADATA_VALUE_LENGTH} characters long.`,
        );
      if (entry === '') delete next[key];
      else next[key] = entry;
    }
    if (Object.keys(next).length > METADATA_KEYS)
      throw parameterInvalid('metadata', `Invalid metadata: at most ${METADATA_KEYS} keys are allowed.`);
    return next;
  }

  private path(name: string): string {
    return this.prefix ? `${this.prefix}[${name}]` : name;
  }
}

function describe(value: FormValue): string {
  return JSON.stringify(value);
}
