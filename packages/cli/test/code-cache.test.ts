import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@challenge/testkit';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

// bin/run.js loads the oclif-free path's bundles through V8's code cache (src/code-cache.ts, built to
// dist/code-cache.cjs). Each run below is a new process, as each CLI run is.
const loader = join(repoRoot(), 'packages', 'cli', 'dist', 'code-cache.cjs');

/** Two bundles of "our own" code (b requires a, a requires a dependency from node_modules). */
function bundles(): { dir: string; main: string } {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  const dependency = join(dir, 'node_modules', 'dep', 'index.cjs');
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(dependency, 'module.exports = { answer: 42 };\n');
  writeFileSync(
    join(dir, 'a.cjs'),
    "exports.word = 'first'; exports.dep = require('dep/index.cjs').answer;\n",
  );
  const main = join(dir, 'b.cjs');
  writeFileSync(main, "const a = require('./a.cjs'); module.exports = { text: a.word + ' ' + a.dep };\n");
  return { dir, main };
}

async function load(main: string, cache: string, env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await execa(
    'node',
    [
      '-e',
      `process.stdout.write(require(${JSON.stringify(loader)}).requireWithCodeCache(${JSON.stringify(main)}).text)`,
    ],
    { env: { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '', ...env } },
  );
  return stdout;
}

const cacheFiles = (cache: string) => {
  try {
    return readdirSync(join(cache, 'challenge', 'code-cache')).sort();
  } catch {
    return [];
  }
};
const mtimes = (cache: string) =>
  cacheFiles(cache).map((name) => statSync(join(cache, 'challenge', 'code-cache', name)).mtimeMs);

describe('code cache of the CLI bundles', () => {
  it('keeps one private file per own bundle, written on a miss only, and never serves a changed bundle', async () => {
    const { dir, main } = bundles();
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    expect(await load(main, cache)).toBe('first 42');
    const files = cacheFiles(cache);
    expect(files).toHaveLength(2); // a.cjs and b.cjs; the node_modules dependency is required as usual
    for (const name of files) {
      expect(statSync(join(cache, 'challenge', 'code-cache', name)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(cache, 'challenge', 'code-cache')).mode & 0o777).toBe(0o700);

    // A hit writes nothing.
    const old = (Date.now() - 60_000) / 1000;
    for (const name of files) utimesSync(join(cache, 'challenge', 'code-cache', name), old, old);
    const before = mtimes(cache);
    expect(await load(main, cache)).toBe('first 42');
    expect(mtimes(cache)).toEqual(before);

    // A changed bundle (same length, so V8's own check would not notice) is compiled from its source.
    writeFileSync(
      join(dir, 'a.cjs'),
      "exports.word = 'fresh'; exports.dep = require('dep/index.cjs').answer;\n",
    );
    expect(await load(main, cache)).toBe('fresh 42');
    expect(mtimes(cache)).not.toEqual(before);
  });

  it('survives a corrupt or unwritable cache, and NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const { main } = bundles();
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    await load(main, cache);
    for (const name of cacheFiles(cache))
      writeFileSync(join(cache, 'challenge', 'code-cache', name), 'garbage');
    expect(await load(main, cache)).toBe('first 42');
    expect(cacheFiles(cache)).toHaveLength(2);

    const blocked = mkdtempSync(join(tmpdir(), 'cache-'));
    writeFileSync(join(blocked, 'challenge'), 'a file where the folder would go');
    expect(await load(main, blocked)).toBe('first 42');

    const off = mkdtempSync(join(tmpdir(), 'cache-'));
    expect(await load(main, off, { NODE_DISABLE_COMPILE_CACHE: '1' })).toBe('first 42');
    expect(cacheFiles(off)).toEqual([]);
  });

  it('a CLI run caches the plan/apply bundles and the next run prints the same', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    const apply = ['apply', '--dir', root, '--env', 'mock', '--yes'];
    const first = await runCli(apply, { env: { XDG_CACHE_HOME: cache } });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(cacheFiles(cache)).toHaveLength(2); // the CLI's fast-path.cjs and @challenge/infra's plan-and-apply.cjs
    const cold = await runCli(apply, { env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cache-')) } });
    const warm = await runCli(apply, { env: { XDG_CACHE_HOME: cache } });
    expect(warm.exitCode, warm.stderr).toBe(0);
    expect({ stdout: warm.stdout, stderr: warm.stderr }).toEqual({
      stdout: cold.stdout,
      stderr: cold.stderr,
    });
    expect(warm.stdout).toContain('No changes for env mock');
  });
});

describe('a damaged code cache never breaks the CLI', () => {
  /** `challenge --help` loads the root help bundle (~0.9 MB of cached code) through the cache. */
  const help = (cache: string) =>
    execa('node', [join(repoRoot(), 'packages', 'cli', 'bin', 'run.js'), '--help'], {
      env: { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '' },
      reject: false,
    });
  const dir = (cache: string) => join(cache, 'challenge', 'code-cache');

  /** Each damage gets a fresh cache made by a first run. */
  const damages: Array<[string, (file: string) => void]> = [
    ['truncated to half', (file) => truncateSync(file, Math.floor(statSync(file).size / 2))],
    ['truncated by one byte', (file) => truncateSync(file, statSync(file).size - 1)],
    [
      'a folder in its place',
      (file) => {
        rmSync(file);
        mkdirSync(join(file, 'inside'), { recursive: true });
      },
    ],
    [
      "another Node version's data",
      (file) => {
        const bytes = readFileSync(file);
        writeFileSync(
          file,
          Buffer.from(bytes.toString('latin1').replace(process.version, 'v99.0.0'), 'latin1'),
        );
      },
    ],
    ...Array.from({ length: 4 }, (_, index): [string, (file: string) => void] => [
      `${index + 1} random bytes flipped in the cached data`,
      (file) => {
        const bytes = readFileSync(file);
        // Past the stamp ("<node> <arch> <source length>\n" and the source) and the checksum line: the
        // bytes V8 would be handed.
        const headerEnd = bytes.indexOf(10);
        const sourceLength = Number(bytes.toString('latin1', 0, headerEnd).split(' ')[2]);
        const dataStart = headerEnd + 1 + sourceLength + 9;
        for (let flip = 0; flip <= index; flip += 1) {
          const at = dataStart + Math.floor(Math.random() * (bytes.length - dataStart));
          bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(Math.random() * 8));
        }
        writeFileSync(file, bytes);
      },
    ]),
  ];

  it('truncation, flipped bytes, a folder, another Node: the command runs and the cache is rebuilt', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    const first = await help(cache);
    expect(first.exitCode, first.stderr).toBe(0);
    const [name] = cacheFiles(cache);
    if (!name) throw new Error('no cache file');
    const file = join(dir(cache), name);
    const good = readFileSync(file);
    for (const [label, damage] of damages) {
      rmSync(file, { recursive: true, force: true });
      writeFileSync(file, good);
      damage(file);
      const run = await help(cache);
      expect(
        { exitCode: run.exitCode, stderr: run.stderr, usage: run.stdout.includes('USAGE') },
        label,
      ).toEqual({
        exitCode: 0,
        stderr: '',
        usage: true,
      });
      // Rebuilt: a file again, and the next run uses it as is (a hit writes nothing).
      expect(statSync(file).isFile(), label).toBe(true);
      const old = (Date.now() - 60_000) / 1000;
      utimesSync(file, old, old);
      const before = statSync(file).mtimeMs;
      expect((await help(cache)).exitCode, label).toBe(0);
      expect(statSync(file).mtimeMs, `${label}: rebuilt cache is used`).toBe(before);
    }
  }, 120_000);
});
