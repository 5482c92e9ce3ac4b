import { randomUUID } from 'node:crypto';
import { type ContractCheck, type ContractSpec, loadContractSpec } from './contract-spec.js';

/** One smoke check of the app contract (apps/flask-app/contract/checks.json). */
export interface SmokeCheckResult {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

export interface SmokeOptions {
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** Candidate name to insert; default a unique `smoke-<uuid>`. */
  candidate?: string;
  /** The contract to run; default the app's own (apps/flask-app/contract/checks.json). */
  spec?: ContractSpec;
}

interface Exchange {
  status: number;
  body: string;
  contentType: string;
  /** The URL of the Link header's rel="next" (GET /candidates pages), resolved. */
  next: string | null;
}

/** The answer broke the contract; the message says how (the same texts as the Python runner). */
class CheckFailed extends Error {}

const PLACEHOLDER = /\{([^{}]+)\}/g;

function nextLink(link: string | null, base: string): string | null {
  const match = link ? /<([^>]*)>\s*;\s*rel="?next"?/.exec(link) : null;
  return match ? new URL(match[1]!, base).toString() : null;
}

async function request(url: string, method: string, timeoutMs: number): Promise<Exchange> {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? '',
    next: nextLink(response.headers.get('link'), url),
  };
}

const render = (template: string, values: Record<string, string>, missing?: string) =>
  template.replace(PLACEHOLDER, (whole, key: string) => values[key] ?? missing ?? whole);

/** A value as failure texts show it: compact JSON (json.dumps with compact separators in the Python runner). */
const shown = (value: unknown) => JSON.stringify(value);

function expectStatus(exchange: Exchange, status: number): void {
  if (exchange.status !== status) {
    throw new CheckFailed(
      `expected HTTP ${status}, got ${exchange.status}: ${exchange.body.slice(0, 200).trim()}`,
    );
  }
}

function jsonBody(exchange: Exchange): unknown {
  if (!exchange.contentType.includes('json'))
    throw new CheckFailed(`content type is ${exchange.contentType || 'missing'}, not JSON`);
  try {
    return JSON.parse(exchange.body) as unknown;
  } catch {
    throw new CheckFailed('the body is not valid JSON');
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkFields(body: unknown, fields: Record<string, string>, values: Record<string, string>): void {
  if (!isObject(body)) throw new CheckFailed('expected a JSON object');
  for (const [field, template] of Object.entries(fields)) {
    const wanted = render(template, values);
    if (!(field in body)) throw new CheckFailed(`${shown(field)} is missing, expected ${shown(wanted)}`);
    if (body[field] !== wanted)
      throw new CheckFailed(`${shown(field)} is ${shown(body[field])}, expected ${shown(wanted)}`);
  }
}

function hasItem(body: unknown, item: Record<string, string>): boolean {
  if (!Array.isArray(body)) throw new CheckFailed('expected a JSON list');
  return body.some((entry) => isObject(entry) && Object.entries(item).every(([k, v]) => entry[k] === v));
}

const describeItem = (item: Record<string, string>) =>
  Object.entries(item)
    .map(([key, value]) => `${key} ${shown(value)}`)
    .join(' and ');

async function runOne(
  check: ContractCheck,
  urlOf: (path: string) => string,
  values: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  const jsonExpect = check.expect.json ?? {};
  const expectsJson = Object.keys(jsonExpect).length > 0;
  const method = check.request.method;
  const path = render(check.request.path, { ...values, candidate: encodeURIComponent(values['candidate']!) });
  const details: Record<string, string> = { ...values };
  const item = Object.fromEntries(
    Object.entries(jsonExpect.listItem ?? {}).map(([key, value]) => [key, render(value, values)]),
  );
  const wantsItem = Object.keys(item).length > 0;
  const maxPages = check.request.followNextPages ?? 1;
  let listed = 0;
  let page = 0;
  let next: string | null = urlOf(path);
  let found = false;
  while (next !== null && page < maxPages) {
    page += 1;
    const exchange = await request(next, method, timeoutMs);
    expectStatus(exchange, check.expect.status);
    next = exchange.next;
    if (!expectsJson) break;
    const body = jsonBody(exchange);
    if (jsonExpect.fields) checkFields(body, jsonExpect.fields, values);
    if (isObject(body)) {
      for (const [key, value] of Object.entries(body))
        details[`body.${key}`] = typeof value === 'string' ? value : shown(value);
    }
    if (!wantsItem) break;
    found = hasItem(body, item);
    listed += (body as unknown[]).length;
    if (found) break;
    if (maxPages === 1) throw new CheckFailed(`no item with ${describeItem(item)}`);
  }
  if (wantsItem && !found) {
    const more = next !== null ? ` (first ${maxPages} pages)` : '';
    throw new CheckFailed(`no item with ${describeItem(item)} among ${listed} listed${more}`);
  }
  details['listed'] = String(listed);
  details['pages'] = String(page);
  details['s:pages'] = page === 1 ? '' : 's';
  return render(check.passed, details, 'missing');
}

function failureText(error: unknown): string {
  if (error instanceof CheckFailed) return error.message;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : error.cause;
    return `request failed: ${error.message}${cause ? ` (${String(cause)})` : ''}`;
  }
  return `request failed: ${String(error)}`;
}

/**
 * Runs the contract checks in order against a base URL. Later checks read what the insert stored, so they
 * run one after another; a failure does not stop the rest.
 */
export async function runSmokeChecks(
  baseUrl: string,
  options: SmokeOptions = {},
): Promise<SmokeCheckResult[]> {
  const spec = options.spec ?? (await loadContractSpec());
  const timeoutMs = options.timeoutMs ?? 5000;
  const values = { candidate: options.candidate ?? `${spec.candidatePrefix}${randomUUID()}` };
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const urlOf = (path: string) => new URL(path.replace(/^\/+/, ''), base).toString();
  const results: SmokeCheckResult[] = [];
  for (const check of spec.checks) {
    const started = performance.now();
    let ok = true;
    let detail: string;
    try {
      detail = await runOne(check, urlOf, values, timeoutMs);
    } catch (error) {
      ok = false;
      detail = failureText(error);
    }
    results.push({
      name: render(check.name, values),
      ok,
      detail,
      ms: Math.round(performance.now() - started),
    });
  }
  return results;
}
