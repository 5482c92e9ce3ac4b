#!/usr/bin/env node
// Issue 6 bench: `ship` from a monorepo with 5,000 commits vs one with 5 (goal: ratio <= 1.2), measured now.
// Each run pushes the app folder to a fresh, empty CodeCommit-like repository on a loopback git server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitServer } from '@challenge/testkit';
import { shipAppFolder } from '../dist/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

/** A monorepo whose history has `commits` commits (built with git fast-import), apps/flask-app in every one. */
function monorepo(commits) {
  const dir = mkdtempSync(join(tmpdir(), `challenge-bench-${commits}-`));
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir]);
  let stream = '';
  const blob = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let i = 1; i <= commits; i++) {
    stream += `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.com> ${1_700_000_000 + i} +0000\n${blob(`change ${i}`)}`;
    if (i > 1) stream += `from :${i - 1}\n`;
    stream += `M 100644 inline packages/lib/file-${i % 50}.txt\n${blob(`content ${i}`)}`;
    if (i === 1 || i % 500 === 0) stream += `M 100644 inline apps/flask-app/app.py\n${blob(`print(${i})`)}`;
    if (i === 1) stream += `M 100644 inline apps/flask-app/requirements.txt\n${blob('Flask==3.1.3')}`;
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
  execFileSync('git', ['reset', '--quiet', '--hard', 'main'], { cwd: dir });
  return dir;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const repoNames = [];
for (const size of [5, 5000]) for (let i = 0; i <= RUNS; i++) repoNames.push(`r${size}-${i}`);
const server = await startGitServer({
  secretAccessKey: credentials.secretAccessKey,
  region: 'us-east-2',
  repos: repoNames,
});

async function measure(size) {
  const repoDir = monorepo(size);
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const result = await shipAppFolder({
      repoDir,
      appPath: 'apps/flask-app',
      cloneUrl: server.repoUrl(`r${size}-${i}`),
      region: 'us-east-2',
      credentials,
      allowLoopback: true,
    });
    if (!result.pushed) throw new Error('expected a push');
    if (i > 0) times.push(performance.now() - started); // run 0 warms the caches
  }
  return median(times);
}

const small = await measure(5);
const large = await measure(5000);
await server.close();
const ratio = large / small;
console.log(`ship app (median of ${RUNS}, push to an empty repository over loopback HTTP)`);
console.log(`  monorepo with     5 commits: ${small.toFixed(0)} ms (baseline)`);
console.log(`  monorepo with 5,000 commits: ${large.toFixed(0)} ms`);
console.log(`  ratio ${ratio.toFixed(2)} (goal <= 1.2, ${ratio <= 1.2 ? 'meets goal' : 'MISSES goal'})`);
