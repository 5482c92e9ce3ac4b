import { randomUUID } from 'node:crypto';

/** One smoke check of the app contract (DESIGN.md, "App contract"). */
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
}

interface Exchange {
  status: number;
  body: string;
  contentType: string;
  /** The URL of the Link header's rel="next" (GET /candidates pages), resolved. */
  next: string | null;
}

// GET /candidates answers at most 100 items per page; 50 pages cover 5,000 candidates.
const MAX_LIST_PAGES = 50;

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

function parseJson(exchange: Exchange): unknown {
  if (!exchange.contentType.includes('json'))
    throw new Error(`content type is ${exchange.contentType || 'missing'}, not JSON`);
  return JSON.parse(exchange.body) as unknown;
}

function namesIn(list: unknown): string[] {
  if (!Array.isArray(list)) throw new Error('expected a JSON list');
  return list.map((item) => String((item as Record<string, unknown>)['CandidateName']));
}

type Check = { name: string; run: () => Promise<string> };

function expectStatus(exchange: Exchange, status: number): void {
  if (exchange.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${exchange.status}: ${exchange.body.slice(0, 200).trim()}`);
  }
}

/**
 * Runs the contract checks in order against a base URL: gtg, gtg?details, insert of a unique candidate,
 * read back, list, and the 400 of `/`. Later checks depend on the insert, so they run one after another.
 */
export async function runSmokeChecks(
  baseUrl: string,
  options: SmokeOptions = {},
): Promise<SmokeCheckResult[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const candidate = options.candidate ?? `smoke-${randomUUID()}`;
  const url = (path: string) => new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  const encoded = encodeURIComponent(candidate);
  const checks: Check[] = [
    {
      name: 'GET /gtg',
      run: async () => {
        expectStatus(await request(url('gtg'), 'GET', timeoutMs), 200);
        return 'healthy';
      },
    },
    {
      name: 'GET /gtg?details',
      run: async () => {
        const exchange = await request(url('gtg?details'), 'GET', timeoutMs);
        expectStatus(exchange, 200);
        const body = parseJson(exchange) as Record<string, unknown>;
        if (body['connected'] !== 'true')
          throw new Error(`"connected" is ${JSON.stringify(body['connected'])}`);
        return `instance ${String(body['instance-id'])}`;
      },
    },
    {
      name: `POST /candidate/${candidate}`,
      run: async () => {
        const exchange = await request(url(`candidate/${encoded}`), 'POST', timeoutMs);
        expectStatus(exchange, 200);
        const body = parseJson(exchange) as Record<string, unknown>;
        if (body['CandidateName'] !== candidate) throw new Error(`answered ${exchange.body.trim()}`);
        return 'stored';
      },
    },
    {
      name: `GET /candidate/${candidate}`,
      run: async () => {
        const exchange = await request(url(`candidate/${encoded}`), 'GET', timeoutMs);
        expectStatus(exchange, 200);
        if (!namesIn(parseJson(exchange)).includes(candidate))
          throw new Error('the stored candidate is not returned');
        return 'read back';
      },
    },
    {
      name: 'GET /candidates',
      run: async () => {
        // Follows the pages (Link rel="next") until the stored candidate shows up.
        let listed = 0;
        let next: string | null = url('candidates');
        for (let page = 1; next !== null && page <= MAX_LIST_PAGES; page++) {
          const exchange = await request(next, 'GET', timeoutMs);
          expectStatus(exchange, 200);
          const names = namesIn(parseJson(exchange));
          listed += names.length;
          if (names.includes(candidate)) return `${listed} listed over ${page} page${page > 1 ? 's' : ''}`;
          next = exchange.next;
        }
        throw new Error(
          `the stored candidate is not among ${listed} listed${next ? ` (first ${MAX_LIST_PAGES} pages)` : ''}`,
        );
      },
    },
    {
      name: 'GET / (invalid request)',
      run: async () => {
        expectStatus(await request(url(''), 'GET', timeoutMs), 400);
        return 'rejected with 400';
      },
    },
  ];
  const results: SmokeCheckResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    try {
      const detail = await check.run();
      results.push({ name: check.name, ok: true, detail, ms: Math.round(performance.now() - started) });
    } catch (error) {
      const detail =
        error instanceof Error
          ? error.cause
            ? `${error.message} (${String(error.cause)})`
            : error.message
          : String(error);
      results.push({ name: check.name, ok: false, detail, ms: Math.round(performance.now() - started) });
    }
  }
  return results;
}
