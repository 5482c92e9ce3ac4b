import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningApp, startFlaskApp } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmokeChecks } from '../src/index.js';

let app: RunningApp;

beforeAll(async () => {
  app = await startFlaskApp();
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('smoke checks', () => {
  it('pass against the real candidates app, with a unicode name stored and read back', async () => {
    const results = await runSmokeChecks(app.url, { candidate: 'smoke Zoë 王' });
    expect(results.map((r) => [r.name, r.ok, r.detail])).toEqual([
      ['GET /gtg', true, 'healthy'],
      ['GET /gtg?details', true, expect.stringMatching(/^instance /)],
      ['POST /candidate/smoke Zoë 王', true, 'stored'],
      ['GET /candidate/smoke Zoë 王', true, 'read back'],
      ['GET /candidates', true, expect.stringMatching(/^\d+ listed over \d+ pages?$/)],
      ['GET / (invalid request)', true, 'rejected with 400'],
    ]);
  });

  it('find the candidate on a later page of GET /candidates (more than 100 stored)', async () => {
    for (let index = 0; index < 230; index++) {
      const stored = await fetch(`${app.url}/candidate/filler-${index}`, { method: 'POST' });
      expect(stored.status).toBe(200);
    }
    const first = await fetch(`${app.url}/candidates`);
    expect(((await first.json()) as unknown[]).length).toBe(100);
    expect(first.headers.get('link')).toMatch(/^<\/candidates\?next=[\w-]+>; rel="next"$/);
    // Over several runs the new candidate lands on every page; each time it is found.
    const pages = new Set<string>();
    for (let run = 0; run < 12; run++) {
      const list = (await runSmokeChecks(app.url)).find((r) => r.name === 'GET /candidates');
      expect(list).toMatchObject({ ok: true, detail: expect.stringMatching(/^\d+ listed over \d+ pages?$/) });
      pages.add(list!.detail.replace(/^\d+ listed over /, ''));
    }
    expect(pages.size, 'found on more than one page across runs').toBeGreaterThan(1);
  });

  it('name the failing check when one route breaks the contract', async () => {
    // Forwards to the real app but loses every write: read-back and list must fail, the rest pass.
    const { url, server } = await serve(async (req, res) => {
      const method = req.method === 'POST' ? 'GET' : (req.method ?? 'GET');
      if (req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ CandidateName: decodeURIComponent((req.url ?? '').split('/').pop() ?? '') }),
        );
        return;
      }
      const upstream = await fetch(`${app.url}${req.url}`, { method });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      res.end(await upstream.text());
    });
    const results = await runSmokeChecks(url);
    server.close();
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual([
      expect.stringMatching(/^GET \/candidate\/smoke-/),
      'GET /candidates',
    ]);
    expect(results.find((r) => r.name.startsWith('GET /candidate/'))?.detail).toMatch(
      /expected HTTP 200, got 404/,
    );
  });

  it('fail every check, with the reason, when nothing listens', async () => {
    const { url, server } = await serve(() => undefined);
    server.close();
    const results = await runSmokeChecks(url, { timeoutMs: 2000 });
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results[0]?.detail).toMatch(/fetch failed .*ECONNREFUSED/);
  });
});
