import { z } from '@hono/zod-openapi';

// The input boundary (ADR 14): every string the API accepts, from a query, a path, a header
// or a body, passes through `Text`. What it lets in is text Postgres can store and every
// reader can show: well-formed Unicode (no lone surrogates, which no UTF-8 store can hold),
// no NUL (Postgres text cannot hold it) and no other control character (invisible, and some
// are separators inside our own keys), except line breaks and tabs where a field says it holds
// lines. It arrives in NFC, so "café" typed on two keyboards is one value, and its length is
// bounded after normalisation.

/** A lone UTF-16 surrogate: with the `u` flag a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\t\n\r]/u;

export interface TextOptions {
  /** Most characters (UTF-16 code units, after NFC), documented as `maxLength`. */
  max: number;
  /** Fewest characters after normalisation (and trimming). Default 0. */
  min?: number;
  /** Line breaks and tabs allowed (descriptions); every other control character is still refused. */
  lines?: boolean;
  /** Leading and trailing white space removed before the length is checked. */
  trim?: boolean;
  /** The message when the value is not a string at all (a repeated query parameter is a list). */
  notText?: string;
}

/** Why `value` is not text the API accepts, or undefined when it is. */
export function textProblem(value: string, lines = false): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  const control = (lines ? CONTROL_BUT_LINES : CONTROL).exec(value);
  if (control) {
    const codePoint = control[0].codePointAt(0) ?? 0;
    return `must not contain control characters (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at index ${control.index})`;
  }
  return undefined;
}

/**
 * The boundary's check as a zod check, for string formats that are not plain text (`z.url()`,
 * `z.email()`) and so cannot start from `Text`.
 */
export function cleanText(lines = false) {
  return (context: { value: string; issues: unknown[] }) => {
    const problem = textProblem(context.value, lines);
    if (problem) context.issues.push({ code: 'custom', message: problem, input: context.value });
  };
}

/**
 * The one text type of the API: refuses lone surrogates and control characters (naming the
 * first), normalises to NFC, optionally trims, then bounds the length. Still a `ZodString`, so
 * more checks (`regex`, `email`) chain on and `/openapi.json` shows `maxLength`.
 */
export function Text({ max, min = 0, lines = false, trim = false, notText }: TextOptions) {
  let text = z
    .string(notText === undefined ? undefined : { error: notText })
    .check(cleanText(lines))
    .normalize('NFC');
  if (trim) text = text.trim();
  if (min > 0) text = text.min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  return text.max(max, `must be at most ${max} characters`);
}
