import { execFile } from 'node:child_process';
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningApp, repoRoot, startFlaskApp } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSpecPath, loadContractSpec, runSmokeChecks } from '../src/index.js';

// One definition, two runners: `challenge smoke` (this package) and the pipeline's Test stage
// (`python -m contract` in apps/flask-app) must say the same about the same app.
const appDir = join(repoRoot(), 'apps', 'flask-app');
let app: RunningApp;

beforeAll(async () => {
  app = await startFlaskApp(); // also builds the app's venv, which runs the Python runner
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

type Verdict = [name: string, ok: boolean, detail: string];

async function pythonRunner(url: string, candidate: string): Promise<Verdict[]> {
  const { stdout } = await promisify(execFile)(
    join(appDir, '.venv', 'bin', 'python'),
    ['-m', 'contract', url, '--candidate', candidate, '--timeout', '5'],
    { cwd: appDir },
  ).catch((error: { stdout?: string; code?: number }) => {
    if (error.code === 1 && error.stdout) return { stdout: error.stdout }; // some checks failed
    throw error;
  });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('contract-check '))
    .map((line) => {
      const result = JSON.parse(line.slice('contract-check '.length)) as {
        name: string;
        ok: boolean;
        detail: string;
      };
      return [result.name, result.ok, result.detail];
    });
}

async function typescriptRunner(url: string, candidate: string): Promise<Verdict[]> {
  return (await runSmokeChecks(url, { candidate })).map((r) => [r.name, r.ok, r.detail]);
}

type Answer = [status: number, contentType: string, body: string, headers?: OutgoingHttpHeaders];

async function stubApp(answers: Record<string, Answer>): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const key = `${req.method} ${(req.url ?? '').split('?next=')[0]}`;
    const [status, contentType, body, headers] = answers[key] ?? [404, 'text/plain', 'Not Found'];
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('the contract checks: one definition, run by smoke and by the Test stage', () => {
  it('smoke reads the checks from the app folder, the file the Test stage runs', async () => {
    expect(contractSpecPath()).toBe(join(appDir, 'contract', 'checks.json'));
    const spec = await loadContractSpec();
    const results = await runSmokeChecks(app.url, { spec });
    expect(results.map((r) => r.name.replace(/smoke-[0-9a-f-]+$/, '{candidate}'))).toEqual(
      spec.checks.map((check) => check.name),
    );
  });

  it('both runners pass the real app, for a name that needs encoding', async () => {
    const candidate = 'smoke Zoë 王 ?#%25&';
    const fromTypescript = await typescriptRunner(app.url, candidate);
    const fromPython = await pythonRunner(app.url, candidate);
    expect(fromTypescript.every(([, ok]) => ok)).toBe(true);
    expect(fromPython).toEqual(fromTypescript);
    expect(fromTypescript.map(([name]) => name)).toContain(`POST /candidate/${candidate}`);
  });

  it('both runners name the same failures with the same texts', async () => {
    const candidate = 'smoke-x';
    const stub = await stubApp({
      'GET /gtg': [503, 'text/plain', '  starting  '],
      'GET /gtg?details': [200, 'application/json', JSON.stringify({ connected: false })],
      [`POST /candidate/${candidate}`]: [200, 'text/html', '<p>ok</p>'],
      [`GET /candidate/${candidate}`]: [200, 'application/json', JSON.stringify([{ CandidateName: 'x' }])],
      'GET /candidates': [
        200,
        'application/json',
        JSON.stringify([{ CandidateName: 'x' }]),
        { link: '</candidates?next=abc>; rel="next"' },
      ],
      'GET /': [400, 'application/json', '{"status": '],
    });
    try {
      const fromTypescript = await typescriptRunner(stub.url, candidate);
      const fromPython = await pythonRunner(stub.url, candidate);
      expect(fromTypescript).toEqual([
        ['GET /gtg', false, 'expected HTTP 200, got 503: starting'],
        ['GET /gtg?details', false, '"connected" is false, expected "true"'],
        [`POST /candidate/${candidate}`, false, 'content type is text/html, not JSON'],
        [`GET /candidate/${candidate}`, false, `no item with CandidateName "${candidate}"`],
        [
          'GET /candidates',
          false,
          `no item with CandidateName "${candidate}" among 50 listed (first 50 pages)`,
        ],
        ['GET / (invalid request)', false, 'the body is not valid JSON'],
      ]);
      expect(fromPython).toEqual(fromTypescript);
    } finally {
      stub.close();
    }
  });
});
