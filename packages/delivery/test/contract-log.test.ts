import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@challenge/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractResultsFromLog } from '../src/index.js';

const run = promisify(execFile);
const appDir = join(repoRoot(), 'apps', 'flask-app');

beforeAll(async () => {
  await run('bash', [join(appDir, 'scripts', 'ensure-venv.sh')]);
}, 240_000);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('contract check results in a Test stage build log', () => {
  it('are read back from what `python -m contract` printed, among CodeBuild lines and a cut-off line', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const printed = await run(
      join(appDir, '.venv', 'bin', 'python'),
      ['-m', 'contract', url, '--timeout', '1'],
      {
        cwd: appDir,
      },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const log = [
      '[Container] 2026/01/01 10:00:00.000 Running command bash scripts/test-stage.sh',
      ...printed.stdout.split('\n').map((line) => `${line}\n`),
      'contract-check {"name": "GET /gtg", "ok": tr',
      '[Container] 2026/01/01 10:00:09.000 Phase complete: BUILD State: FAILED',
    ];
    const results = contractResultsFromLog(log);
    expect(results).toHaveLength(6);
    expect(results.map((r) => r.name)[0]).toBe('GET /gtg');
    expect(results.every((r) => !r.ok && r.detail.startsWith('request failed: '))).toBe(true);
  });

  it('are none in a log without them', () => {
    expect(
      contractResultsFromLog(['[Container] Entering phase BUILD', 'contract: all 6 checks passed']),
    ).toEqual([]);
  });
});
