import { uniqueSuffix } from '../catalog/catalog-test-kit';
import {
  BOGUS_CREDENTIALS,
  CREDENTIALS,
  type Credential,
  validCredentials,
  wrongCredentials,
} from './credentials';
import { brokenInvariants } from './invariants';
import { isSecured, type Operation, type OperationParameter } from './openapi-operations';
import {
  bodyMutations,
  formatPath,
  hashSeed,
  headerChanges,
  identityPaths,
  type JsonPath,
  percentEncode,
  pickCases,
  type Resolve,
  schemaAt,
  seededRandom,
  serializeJson,
  urlChanges,
  validValue,
  valueAt,
  withSuffix,
} from './schema-values';

// Turns one operation of the document into requests: a valid baseline, the baseline under
// missing, bogus and wrong credentials, then a fixed number of one-field mutations sent with
// valid credentials, so that it is the input that gets tested, not the door. Every answer is held
// to the invariants; a secured operation must also refuse every caller it does not admit.

/** What a fuzz run needs from its surroundings. */
export interface FuzzTarget {
  send(request: Request): Promise<Response>;
  origin: string;
  resolve: Resolve;
  /** Every operation of the document (to find a method a path does not serve). */
  operations: Operation[];
  known: KnownValues;
  secrets: readonly string[];
  maxBodyBytes: number;
  seed: number;
  casesPerOperation: number;
}

type PlanBody = { json: unknown } | { text: string } | { bytes: Uint8Array };

/** A request before it is built: parameters in wire form, body as a value or as bytes. */
interface Plan {
  method: string;
  /** Percent-encoded values of the path parameters. */
  path: Record<string, string>;
  /** Percent-encoded `name=value` items (or anything else a query can hold). */
  query: string[];
  headers: Record<string, string>;
  body?: PlanBody;
  /** undefined: `application/json` when there is a body; null: no Content-Type at all. */
  contentType?: string | null;
}

interface FuzzCase {
  kind: string;
  target: string;
  plan: Plan;
}

/** An answer that broke an invariant, with what was sent to get it. */
export interface Finding {
  operation: string;
  case: string;
  request: string;
  status: number;
  response: string;
  broken: string[];
}

export interface OperationReport {
  operation: string;
  baselineStatus: number;
  /** The problem code of a baseline that was not a 2xx (a rule, an unknown resource). */
  baselineCode?: string;
  requests: number;
  skipped: number;
  statuses: Record<number, number>;
  findings: Finding[];
}

/**
 * Values earlier answers revealed, so later operations can name real resources: the latest id
 * of each prefix (`prod_…`), recent values of each property name, and list answers by path
 * (`GET /v1/products` holds the handles `GET /v1/products/{handle}` needs).
 */
export class KnownValues {
  private readonly ids = new Map<string, string>();
  private readonly named = new Map<string, string[]>();
  private readonly lists = new Map<string, unknown>();

  record(operation: Operation, sent: unknown, answer: unknown): void {
    if (operation.method === 'GET') this.lists.set(operation.template, answer);
    for (const value of [sent, answer]) {
      const first = new Map<string, string>();
      walkStrings(value, (name, text) => {
        if (!first.has(`name:${name}`)) first.set(`name:${name}`, text);
        const prefix = /^([a-z]+)_[0-9a-z]{8,64}$/.exec(text)?.[1];
        if (prefix && !first.has(`id:${prefix}`)) first.set(`id:${prefix}`, text);
      });
      for (const [key, text] of first) {
        if (key.startsWith('id:')) {
          this.ids.set(key.slice(3), text);
        } else {
          const name = key.slice(5);
          const seen = (this.named.get(name) ?? []).filter((other) => other !== text);
          this.named.set(name, [text, ...seen].slice(0, 8));
        }
      }
    }
  }

  /**
   * Real values to try for a path parameter, best first: the latest id of the example's prefix,
   * the value its parent list (`GET /v1/products` for `/v1/products/{handle}`) holds, then recent
   * values of properties with its name.
   */
  pathValues(operation: Operation, parameter: OperationParameter, example: unknown): string[] {
    const values: string[] = [];
    const prefix = typeof example === 'string' ? /^([a-z]+)_/.exec(example)?.[1] : undefined;
    const id = prefix === undefined ? undefined : this.ids.get(prefix);
    if (id !== undefined) return [id];
    const parent = operation.template.slice(0, operation.template.indexOf(`/{${parameter.name}}`));
    walkStrings(this.lists.get(parent), (name, text) => {
      if (values.length === 0 && name === parameter.name) values.push(text);
    });
    return [...new Set([...values, ...(this.named.get(parameter.name) ?? [])])];
  }

  /**
   * The latest value seen under this property name; else, for an id-like example (`ord_…` in
   * an `orderId`), the latest id with its prefix, as answers name them `id`.
   */
  reference(name: string, example?: unknown): string | undefined {
    const named = this.named.get(name)?.[0];
    if (named !== undefined) return named;
    const prefix = typeof example === 'string' ? /^([a-z]+)_[0-9a-z]{8,64}$/.exec(example)?.[1] : undefined;
    return prefix === undefined ? undefined : this.ids.get(prefix);
  }
}

function walkStrings(value: unknown, visit: (name: string, text: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkStrings(item, visit);
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, member] of Object.entries(value)) {
      if (typeof member === 'string') visit(name, member);
      else walkStrings(member, visit);
    }
  }
}

/** Copy of `value` with `replacement` at `path`, sharing everything off the path. */
function setAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return replacement;
  if (Array.isArray(value) && typeof key === 'number') {
    const copy = [...value];
    copy[key] = setAt(value[key], rest, replacement);
    return copy;
  }
  const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return { ...object, [key]: setAt(object[key], rest, replacement) };
}

interface Baseline {
  plan: Plan;
  /** The JSON body the plan holds, if any. */
  json?: unknown;
  /** Where the body holds identifiers that get a fresh suffix on each send. */
  identity: JsonPath[];
}

interface Sent {
  request: Request;
  description: string;
  json?: unknown;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Fuzzes one operation in two steps, so that what one operation's mutations change cannot spoil
 * another's baseline: `prepare` finds a valid baseline (every operation's, in document order,
 * before any mutation is sent), then `fuzz` sends it under refused credentials and its
 * mutations. Sequential: the embedded PGlite serves one session.
 */
export class OperationFuzzer {
  readonly report: OperationReport;
  private readonly valid: Credential[];
  private rotation = 0;
  private baseline: Baseline | undefined;

  constructor(
    readonly operation: Operation,
    private readonly target: FuzzTarget,
  ) {
    this.report = {
      operation: operation.label,
      baselineStatus: 0,
      requests: 0,
      skipped: 0,
      statuses: {},
      findings: [],
    };
    this.valid = validCredentials(operation);
  }

  /** Finds the first baseline candidate the API accepts (2xx), else the first that passes validation. */
  async prepare(): Promise<void> {
    let chosen: { baseline: Baseline; status: number; text: string } | undefined;
    const candidates = baselineCandidates(this.operation, this.target);
    for (const [index, candidate] of candidates.entries()) {
      // Each of the operation's credentials in turn: a customer's token opens only the carts they
      // claimed, where the cart's own token opens its cart.
      let answer: Awaited<ReturnType<OperationFuzzer['run']>>;
      for (const credential of this.credentialsFor(candidate.plan)) {
        answer = await this.run(`baseline ${index + 1}`, candidate.plan, candidate, credential);
        if (answer && answer.status < 300) break;
      }
      if (!answer || isValidationFailure(answer.status, answer.text)) continue;
      chosen ??= { baseline: candidate, status: answer.status, text: answer.text };
      if (answer.status < 300) {
        chosen = { baseline: candidate, status: answer.status, text: answer.text };
        const answered = parseJson(answer.text);
        this.target.known.record(this.operation, answer.json, answered);
        for (const credential of CREDENTIALS) credential.observe?.(answered);
        break;
      }
    }
    if (!chosen) {
      throw new Error(
        `${this.operation.label}: every baseline the generator built failed validation, so its mutations would test nothing. ` +
          'Give the schema (or the failing field) an example that is valid on its own.',
      );
    }
    this.baseline = chosen.baseline;
    this.report.baselineStatus = chosen.status;
    const code = (parseJson(chosen.text) as { code?: unknown } | undefined)?.code;
    if (chosen.status >= 300 && typeof code === 'string') this.report.baselineCode = code;
  }

  /** The baseline under refused credentials, then the picked mutations with valid ones. */
  async fuzz(): Promise<OperationReport> {
    const { operation, target, baseline } = this;
    if (!baseline) throw new Error(`${operation.label}: prepare() first`);
    const secured = isSecured(operation);
    const refused = [...BOGUS_CREDENTIALS, ...(secured ? wrongCredentials(operation) : [])];
    for (const credential of refused) {
      await this.run('the valid baseline', baseline.plan, baseline, credential, (response) =>
        secured && response.status >= 200 && response.status < 300
          ? [`a secured operation answered ${response.status} to ${credential.label}`]
          : [],
      );
    }
    await this.massAssignments(baseline);
    const random = seededRandom(hashSeed(target.seed, operation.label));
    const cases = pickCases(mutationCases(operation, baseline, target), target.casesPerOperation, random);
    for (const fuzzCase of cases) {
      const header = fuzzCase.target.startsWith('header ') ? fuzzCase.target.slice(7) : undefined;
      const credential = this.credentialFor(fuzzCase.plan, header);
      await this.run(
        `${fuzzCase.kind} at ${fuzzCase.target}`,
        fuzzCase.plan,
        baseline,
        credential,
        (response) =>
          // The door judges the caller, not the input: a refusal here means the input went untested,
          // or that the door misreads a request it should admit (a signature over the exact bytes).
          credential && (response.status === 401 || response.status === 403)
            ? [`refused valid credentials with ${response.status}: the door, not the input, answered`]
            : [],
      );
    }
    return this.report;
  }

  /**
   * Valid credentials for a request, taking turns among the operation's alternatives; the one
   * that sets `header` when the case is about that header (a QStash message id), and none that
   * signs text when the body is bytes.
   */
  private credentialFor(plan: Plan, header?: string): Credential | undefined {
    const usable = this.usable(plan);
    const fitting =
      header === undefined ? [] : usable.filter((credential) => credential.sets.includes(header));
    const pool = fitting.length > 0 ? fitting : usable;
    this.rotation += 1;
    return pool[this.rotation % Math.max(pool.length, 1)];
  }

  /**
   * OWASP API3 (broken object property level authorization): the baseline body with each field
   * the server owns that the request schema does not offer (ids, owners, statuses, totals,
   * timestamps, secrets), every one of them, on every writing route. Each must be refused with
   * 400 `validation_failed`, never taken nor silently dropped.
   */
  private async massAssignments(baseline: Baseline): Promise<void> {
    const body = baseline.plan.body;
    if (
      SENDER_OWNED_BODIES.has(this.operation.label) ||
      !body ||
      !('json' in body) ||
      typeof body.json !== 'object' ||
      body.json === null ||
      Array.isArray(body.json)
    )
      return;
    const schema = this.operation.body ? this.target.resolve(this.operation.body.schema) : undefined;
    const offered = new Set(Object.keys((schema as { properties?: object } | undefined)?.properties ?? {}));
    for (const [field, value] of Object.entries(SERVER_OWNED_FIELDS)) {
      if (offered.has(field)) continue;
      // A caller and an account of its own per request: the strict buckets of login and password
      // reset count before validation, and must not answer in its place.
      const json: Record<string, unknown> = { ...body.json, [field]: value };
      if (typeof json.email === 'string') json.email = `mass-${uniqueSuffix().toLowerCase()}@example.com`;
      const plan: Plan = {
        ...baseline.plan,
        headers: { ...baseline.plan.headers, 'CF-Connecting-IP': documentationAddress() },
        body: { json },
      };
      await this.run(`mass assignment of ${field}`, plan, baseline, this.credentialFor(plan), (response) =>
        response.status === 400
          ? []
          : [`took the server-owned field ${field} with ${response.status}: it must be refused with 400`],
      );
    }
  }

  /** The operation's valid credentials that can present `plan` (none signs text over bytes). */
  private usable(plan: Plan): Credential[] {
    return this.valid.filter(
      (credential) => !(credential.needsTextBody && plan.body && 'bytes' in plan.body),
    );
  }

  /** Every usable credential for a baseline, or none at all for a public operation. */
  private credentialsFor(plan: Plan): (Credential | undefined)[] {
    const usable = this.usable(plan);
    return usable.length > 0 ? usable : [undefined];
  }

  private async run(
    caseLabel: string,
    plan: Plan,
    baseline: Baseline | undefined,
    credential: Credential | undefined,
    extra?: (response: Response) => string[],
  ): Promise<{ status: number; text: string; json?: unknown } | undefined> {
    const { operation, target, report } = this;
    let sent: Sent;
    try {
      sent = await build(operation, plan, baseline, credential, target);
    } catch (error) {
      // Headers a fetch client cannot send at all (the Headers class refuses them) are no input.
      if (error instanceof TypeError) {
        report.skipped += 1;
        return undefined;
      }
      throw error;
    }
    const response = await target.send(sent.request);
    const text = await response.text();
    report.requests += 1;
    report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
    const broken = [...brokenInvariants(response, text, target.secrets), ...(extra?.(response) ?? [])];
    if (broken.length > 0) {
      report.findings.push({
        operation: operation.label,
        case: `${caseLabel}${credential ? ` (with ${credential.label})` : ''}`,
        request: sent.description,
        status: response.status,
        response: clip(text, 1_000),
        broken,
      });
    }
    return { status: response.status, text, ...(sent.json === undefined ? {} : { json: sent.json }) };
  }
}

/** A fresh IPv6 documentation address (RFC 3849). */
function documentationAddress(): string {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:a55:${group()}::${group()}`;
}

/**
 * Operations whose body is a record another system signed and owns, stored whole as it came, of
 * which no field is assigned to anything of ours: a Stripe event (ADR 27), QStash's reports on a
 * delivery and our own event envelope coming back through QStash (ADR 33). Their senders add
 * fields without notice, so refusing unknown ones would refuse their deliveries until retries run
 * out; the signature, not the schema, is what guards them.
 */
const SENDER_OWNED_BODIES = new Set([
  'POST /v1/integrations/stripe/webhooks',
  'POST /v1/integrations/qstash/deliveries',
  'POST /v1/integrations/qstash/failures',
  'POST /v1/integrations/qstash/emails',
]);

/** What no client may set, each with a plausible value (the server's own kind of value). */
const SERVER_OWNED_FIELDS: Record<string, unknown> = {
  id: 'cus_01k0000000000000000000000000',
  customerId: 'cus_01k0000000000000000000000000',
  ownerId: 'cus_01k0000000000000000000000000',
  emailVerified: true,
  role: 'admin',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA',
  totals: { grandTotal: { amount: 0, currency: 'USD' } },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: '2026-01-01T00:00:00.000Z',
  version: 1_000,
  token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
};

function isValidationFailure(status: number, text: string): boolean {
  if (status !== 400) return false;
  const code = (parseJson(text) as { code?: unknown } | undefined)?.code;
  return code === 'validation_failed' || code === 'malformed_json';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Baselines to try in turn: fresh identifiers, then earlier answers' values, then the document's
 * example, then one optional field at a time; after those, the other known path values.
 */
function baselineCandidates(operation: Operation, target: FuzzTarget): Baseline[] {
  const { resolve } = target;
  const plan: Plan = { method: operation.method, path: {}, query: [], headers: {} };
  const otherPaths: Record<string, string>[] = [];
  for (const parameter of operation.parameters) {
    const example = parameter.example ?? resolve(parameter.schema).example;
    if (parameter.in === 'path') {
      const values = target.known.pathValues(operation, parameter, example);
      const fallback = String(validValue(parameter.schema, resolve, example));
      plan.path[parameter.name] = percentEncode(values[0] ?? fallback);
      for (const [index, value] of [...values.slice(1), ...(values.length > 0 ? [fallback] : [])].entries()) {
        otherPaths[index] = { ...(otherPaths[index] ?? {}), [parameter.name]: percentEncode(value) };
      }
    } else if (parameter.required && parameter.in === 'query') {
      for (const item of [validValue(parameter.schema, resolve, example)].flat()) {
        plan.query.push(`${encodeURIComponent(parameter.name)}=${percentEncode(String(item))}`);
      }
    } else if (parameter.required && parameter.in === 'header') {
      plan.headers[parameter.name] = String(validValue(parameter.schema, resolve, example));
    }
  }
  const candidates = bodyCandidates(operation, plan, target);
  const first = candidates[0] ?? { plan, identity: [] };
  for (const path of otherPaths) {
    candidates.push({ ...first, plan: { ...first.plan, path: { ...plan.path, ...path } } });
  }
  return candidates;
}

function bodyCandidates(operation: Operation, plan: Plan, target: FuzzTarget): Baseline[] {
  const { resolve } = target;
  if (!operation.body) return [{ plan, identity: [] }];

  const schema = operation.body.schema;
  const built = validValue({ ...resolve(schema), example: undefined }, resolve);
  const identity = identityPaths(schema, built, resolve);
  const candidates: Baseline[] = [{ plan: { ...plan, body: { json: built } }, json: built, identity }];
  let referenced = built;
  const unreferenced: JsonPath[] = [];
  for (const path of identity) {
    const name = path.at(-1);
    const known = typeof name === 'string' ? target.known.reference(name, valueAt(built, path)) : undefined;
    if (known === undefined) unreferenced.push(path);
    else referenced = setAt(referenced, path, known);
  }
  if (unreferenced.length < identity.length) {
    candidates.push({
      plan: { ...plan, body: { json: referenced } },
      json: referenced,
      identity: unreferenced,
    });
  }
  const withBody = (json: unknown): Baseline => ({
    plan: { ...plan, body: { json } },
    json,
    identity: identityPaths(schema, json, resolve),
  });
  if (operation.body.example !== undefined)
    candidates.push(withBody(structuredClone(operation.body.example)));
  // A body that must change something (a PATCH) refuses its required fields alone: add one
  // optional field at a time.
  const root = resolve(schema);
  if (typeof built === 'object' && built !== null && !Array.isArray(built)) {
    for (const [name, property] of Object.entries(root.properties ?? {})) {
      if (name in built) continue;
      candidates.push(withBody({ ...built, [name]: validValue(property, resolve) }));
    }
  }
  return candidates;
}

function withQuery(plan: Plan, name: string, items: string[]): Plan {
  const kept = plan.query.filter((item) => item.split('=')[0] !== encodeURIComponent(name));
  return { ...plan, query: [...kept, ...items.map((value) => `${encodeURIComponent(name)}=${value}`)] };
}

/** Every mutation case of an operation; `pickCases` chooses the ones sent. */
function mutationCases(operation: Operation, baseline: Baseline, target: FuzzTarget): FuzzCase[] {
  const { resolve } = target;
  const cases: FuzzCase[] = [];
  const plan = baseline.plan;
  const add = (kind: string, where: string, changed: Plan) =>
    cases.push({ kind, target: where, plan: changed });

  for (const parameter of operation.parameters) {
    const example = parameter.example ?? resolve(parameter.schema).example;
    const validItems = [validValue(parameter.schema, resolve, example)].flat().map(String);
    const valid = validItems[0] ?? 'fuzz';
    const where = `${parameter.in} ${parameter.name}`;
    if (parameter.in === 'path') {
      const current = plan.path[parameter.name] ?? '';
      for (const change of urlChanges(parameter.schema, decodeURIComponentSafe(current), resolve, true)) {
        add(change.kind, where, { ...plan, path: { ...plan.path, [parameter.name]: change.value } });
      }
    } else if (parameter.in === 'query') {
      for (const change of urlChanges(parameter.schema, valid, resolve, false)) {
        add(change.kind, where, withQuery(plan, parameter.name, [change.value]));
      }
      add(
        'query:repeated',
        where,
        withQuery(plan, parameter.name, [percentEncode(valid), percentEncode(valid)]),
      );
      const schema = resolve(parameter.schema);
      if (schema.maxItems !== undefined) {
        const items = Array.from(
          { length: schema.maxItems + 1 },
          (_, index) => validItems[index % validItems.length],
        );
        add(
          'array:max-items+1',
          where,
          withQuery(
            plan,
            parameter.name,
            items.map((item) => percentEncode(item ?? '')),
          ),
        );
      }
      add('query:name-without-value', where, {
        ...plan,
        query: [...plan.query, encodeURIComponent(parameter.name)],
      });
    } else if (parameter.in === 'header') {
      for (const change of headerChanges(parameter.schema, valid, resolve)) {
        add(change.kind, where, { ...plan, headers: { ...plan.headers, [parameter.name]: change.value } });
      }
    }
  }

  add('query:unknown-parameter', 'query', { ...plan, query: [...plan.query, 'fuzzUnknown=1'] });
  add('query:unknown-name-with-nul', 'query', { ...plan, query: [...plan.query, 'fuzz%00name=1'] });
  add('query:empty-name', 'query', { ...plan, query: [...plan.query, '=x'] });
  add('query:stray-separators', 'query', { ...plan, query: [...plan.query, '&&=&fuzz==1&%'] });
  add('query:1000-parameters', 'query', {
    ...plan,
    query: [...plan.query, ...Array.from({ length: 1_000 }, (_, index) => `fuzz${index}=${index}`)],
  });
  add('header:request-id-with-control', 'header x-request-id', {
    ...plan,
    headers: { ...plan.headers, 'X-Request-Id': 'fuzz\u0007id' },
  });
  add('header:request-id-10k', 'header x-request-id', {
    ...plan,
    headers: { ...plan.headers, 'X-Request-Id': 'r'.repeat(10_000) },
  });
  add('header:if-none-match-garbage', 'header if-none-match', {
    ...plan,
    headers: { ...plan.headers, 'If-None-Match': 'W/"unterminated, *, "' },
  });

  const served = new Set(
    target.operations.filter((other) => other.template === operation.template).map((other) => other.method),
  );
  const undocumented = ['DELETE', 'PUT', 'PATCH', 'POST', 'GET'].find((method) => !served.has(method));
  if (undocumented) {
    const bodyless = undocumented === 'GET' || undocumented === 'DELETE';
    const { body: _body, ...withoutBody } = plan;
    add(
      'method:undocumented',
      'method',
      bodyless
        ? { ...withoutBody, method: undocumented }
        : { ...plan, method: undocumented, body: plan.body ?? { text: '{}' } },
    );
  }

  if (operation.body && baseline.json !== undefined) {
    for (const mutation of bodyMutations(operation.body.schema, baseline.json, resolve)) {
      add(mutation.kind, `body ${formatPath(mutation.path)}`.trim(), {
        ...plan,
        body: { json: mutation.body },
      });
    }
    const text = serializeJson(baseline.json);
    const raw = (kind: string, body: PlanBody, contentType?: string | null) =>
      add(kind, 'body', { ...plan, body, ...(contentType === undefined ? {} : { contentType }) });
    raw('body:malformed', { text: '{"' });
    raw('body:truncated', { text: text.slice(0, -1) });
    raw('body:trailing-garbage', { text: `${text} x` });
    raw('body:byte-order-mark', { text: `\ufeff${text}` });
    raw('body:empty', { text: '' });
    raw('body:invalid-utf8', { bytes: withInvalidUtf8(text) });
    raw('body:past-the-size-limit', { text: `{"fuzz":"${'x'.repeat(target.maxBodyBytes)}"}` });
    raw('content-type:text-plain', { text }, 'text/plain');
    raw('content-type:form', { text: 'handle=x&title=y' }, 'application/x-www-form-urlencoded');
    raw('content-type:multipart', { text }, 'multipart/form-data; boundary=fuzz');
    raw('content-type:missing', { text }, null);
    raw('content-type:json-utf-16', { text }, 'application/json; charset=utf-16');
    raw('content-type:vendor-json', { text }, 'application/vnd.fuzz+json');
    const { body: _body, ...withoutBody } = plan;
    add('body:absent', 'body', withoutBody);
  } else if (WRITE_METHODS.has(operation.method)) {
    add('body:unexpected-json', 'body', { ...plan, body: { json: { fuzz: 1 } } });
    add('body:unexpected-text', 'body', { ...plan, body: { text: 'fuzz' }, contentType: 'text/plain' });
    add('body:unexpected-deep-array', 'body', {
      ...plan,
      body: { text: `${'['.repeat(1_000)}${']'.repeat(1_000)}` },
    });
  }
  return cases;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` as UTF-8 with a 0xFF byte (never valid UTF-8) inside its first string. */
function withInvalidUtf8(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const at = Math.max(bytes.indexOf(0x22) + 1, 0);
  return new Uint8Array([...bytes.slice(0, at), 0xff, 0xfe, ...bytes.slice(at)]);
}

async function build(
  operation: Operation,
  plan: Plan,
  baseline: Baseline | undefined,
  credential: Credential | undefined,
  target: FuzzTarget,
): Promise<Sent> {
  const path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => plan.path[name] ?? '');
  // As the Worker will see it (`%2E%2E` resolved): a signature covers the exact URL.
  const url = new URL(`${target.origin}${path}${plan.query.length > 0 ? `?${plan.query.join('&')}` : ''}`)
    .href;
  let json: unknown;
  let body: string | Uint8Array | undefined;
  if (plan.body && 'json' in plan.body) {
    json = fresh(plan.body.json, baseline, operation, target);
    body = serializeJson(json);
  } else if (plan.body) {
    body = 'text' in plan.body ? plan.body.text : plan.body.bytes;
  }
  const headers = new Headers(
    await (credential?.headers({
      method: plan.method,
      url,
      body: typeof body === 'string' ? body : undefined,
    }) ?? {}),
  );
  for (const [name, value] of Object.entries(plan.headers)) headers.set(name, value);
  if (body !== undefined) {
    const contentType = plan.contentType === undefined ? 'application/json' : plan.contentType;
    if (contentType !== null) headers.set('Content-Type', contentType);
  }
  const request = new Request(url, { method: plan.method, headers, ...(body === undefined ? {} : { body }) });
  return {
    request,
    description: describeRequest(plan.method, url, headers, body),
    ...(json === undefined ? {} : { json }),
  };
}

/** The body with a new suffix on each identifier the mutation left as the baseline had it. */
function fresh(
  json: unknown,
  baseline: Baseline | undefined,
  operation: Operation,
  target: FuzzTarget,
): unknown {
  if (!baseline || !operation.body) return json;
  const renamed = new Map<string, string>();
  let result = json;
  for (const path of baseline.identity) {
    const original = valueAt(baseline.json, path);
    if (typeof original !== 'string' || valueAt(result, path) !== original) continue;
    let replacement = renamed.get(original);
    if (replacement === undefined) {
      replacement = withSuffix(
        original,
        schemaAt(operation.body.schema, path, target.resolve),
        uniqueSuffix(),
      );
      renamed.set(original, replacement);
    }
    result = setAt(result, path, replacement);
  }
  return result;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text;
}

function describeRequest(
  method: string,
  url: string,
  headers: Headers,
  body: string | Uint8Array | undefined,
): string {
  const lines = [`${method} ${clip(url, 300)}`];
  for (const [name, value] of headers) lines.push(`  ${name}: ${JSON.stringify(clip(value, 200))}`);
  if (typeof body === 'string') lines.push(`  body: ${JSON.stringify(clip(body, 300))}`);
  else if (body)
    lines.push(
      `  body (bytes): ${Array.from(body.slice(0, 120), (byte) => byte.toString(16).padStart(2, '0')).join(' ')}`,
    );
  return lines.join('\n');
}

/** A finding as a reader of a CI log needs it: what was sent, what came back, and why that is wrong. */
export function formatFinding(finding: Finding): string {
  return printable(
    [
      `${finding.operation}: ${finding.case}`,
      ...finding.broken.map((reason) => `  ✗ ${reason}`),
      `  request:\n${finding.request.replace(/^/gm, '  ')}`,
      `  response ${finding.status}: ${finding.response}`,
    ].join('\n'),
  );
}

/**
 * Control characters (but line breaks) and lone surrogates as `\uXXXX`: a case names the field it
 * broke (`attributes.a\u0000b`), and a lone surrogate in a failure message is not UTF-8, which
 * the test runner's channel to Node refuses.
 */
export function printable(text: string): string {
  return text.replace(
    /[^\P{Cc}\n]|[\uD800-\uDFFF]/gu,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
