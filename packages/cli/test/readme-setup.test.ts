import { execFileSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import {
  ec2KeyPairs,
  type FakeAws,
  repoRoot,
  s3Buckets,
  startFakeAws,
  stsHandler,
  terraformCliConfig,
} from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMPLE_ROOT } from './helpers/cli.js';

// The README's setup and first-deployment blocks, run exactly as written in a fresh copy of the working
// tree, by a user with an empty HOME and PNPM_HOME: `challenge` must be found, print only its own output
// and exit with its own code. pnpm's package store and turbo's build cache are the machine's (an offline
// install from the store, a build replayed from the cache that `pnpm test` has just filled).

const repo = repoRoot();

/** The ```sh block that follows `<!-- readme-run: NAME ...-->` in README.md. */
function readmeBlock(readme: string, name: string): string {
  const match = new RegExp(`<!-- readme-run: ${name}\\b[^>]*-->\\n\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\``).exec(
    readme,
  );
  if (!match?.[1]) throw new Error(`README.md has no \`<!-- readme-run: ${name} -->\` block`);
  return match[1];
}

/** Commands of a block, one per line, without their trailing comments. */
function commandLines(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Where `pnpm build` here keeps turbo's cache: the main checkout's .turbo/cache (also for a git worktree). */
function turboCacheDir(): string {
  const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
  return join(dirname(common), '.turbo', 'cache');
}

let work: string;
let copy: string;
let env: NodeJS.ProcessEnv;
let fake: FakeAws;
let readme: string;

/** Runs one shell line in the copy as the fresh user, never rejecting. */
function sh(line: string, extra: NodeJS.ProcessEnv = {}) {
  return execa('bash', ['-c', line], {
    cwd: copy,
    env: { ...env, ...extra },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

beforeAll(async () => {
  readme = await readFile(join(repo, 'README.md'), 'utf8');
  work = await mkdtemp(join(tmpdir(), 'readme-setup-'));
  copy = join(work, 'repo');
  const home = join(work, 'home');
  const pnpmHome = join(work, 'pnpm-home');
  await Promise.all([mkdir(home), mkdir(pnpmHome)]);
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(repo, file)));
  await Promise.all(files.map((file) => cp(join(repo, file), join(copy, file))));
  const storeDir = execFileSync('pnpm', ['store', 'path'], { cwd: repo, encoding: 'utf8' }).trim();
  fake = await startFakeAws({
    handlers: { sts: stsHandler(), s3: s3Buckets().handler, ec2: ec2KeyPairs().handler },
  });
  // The machine's tools (node, pnpm, git, terraform) but nothing of this workspace: no node_modules/.bin.
  const path = [
    pnpmHome,
    ...(process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules')),
  ];
  env = {
    PATH: path.join(delimiter),
    HOME: home,
    PNPM_HOME: pnpmHome,
    CI: 'true',
    NO_COLOR: '1',
    TMPDIR: tmpdir(),
    npm_config_store_dir: storeDir,
    TURBO_CACHE_DIR: turboCacheDir(),
    TURBO_TELEMETRY_DISABLED: '1',
    TF_CLI_CONFIG_FILE: terraformCliConfig(),
    CHECKPOINT_DISABLE: '1',
    AWS_ENDPOINT_URL: fake.url,
    AWS_MAX_ATTEMPTS: '1',
    AWS_ACCESS_KEY_ID: 'AKIDREADME',
    AWS_SECRET_ACCESS_KEY: 'AKIDREADME-secret',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
  };
}, 60_000);

afterAll(async () => {
  await fake?.close();
});

describe('README: a fresh clone, as written', () => {
  it('the setup block puts challenge on PATH; every first-deployment line runs the CLI', {
    timeout: 240_000,
  }, async () => {
    expect(
      (await sh('command -v challenge')).exitCode,
      'challenge must not be on PATH before setup',
    ).not.toBe(0);

    const started = Date.now();
    const setup = await sh(`set -euo pipefail\n${readmeBlock(readme, 'setup')}`);
    expect(setup.exitCode, `${setup.stdout}\n${setup.stderr}`).toBe(0);
    expect(setup.stdout).toMatch(/USAGE\n\s+\$ challenge \[COMMAND\]/);
    expect(setup.stdout + setup.stderr).not.toMatch(/Ignored build scripts/);
    console.log(`README setup block: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(readlinkSync(join(env.PNPM_HOME ?? '', 'challenge'))).toBe(
      join(copy, 'packages', 'cli', 'bin', 'run.js'),
    );

    const lines = commandLines(readmeBlock(readme, 'first-deployment'));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const run = await sh(line);
      // Answered by the CLI (found, and its own exit code: no shell 127, no package manager's code).
      expect(run.stderr, line).not.toMatch(/command not found|ELIFECYCLE|ERR_PNPM/);
      expect([0, 1, 2], `${line}\n${run.stderr}`).toContain(run.exitCode);
      expect(`${run.stdout}${run.stderr}`, line).toMatch(/Error: [\s\S]+\nFix: |✓|✗|challenge/);
    }
  });

  it('the linked challenge prints clean JSON on stdout and exits with its own codes (1 and 2)', {
    timeout: 120_000,
  }, async () => {
    const link = join(env.PNPM_HOME ?? '', 'challenge');
    if (!existsSync(link)) await sh('pnpm link-cli');
    const doctor = await sh('challenge doctor --env mock --json');
    expect(doctor.exitCode, doctor.stderr).toBe(1);
    expect(JSON.parse(doctor.stdout)).toEqual(expect.objectContaining({ checks: expect.any(Array) }));

    const root = join(work, 'simple-root');
    for (const [file, contents] of Object.entries(SIMPLE_ROOT)) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), contents);
    }
    const plan = await sh(`challenge plan --dir ${root} --env mock --detailed-exitcode --json`);
    expect(plan.exitCode, plan.stderr).toBe(2);
    expect(JSON.parse(plan.stdout).summary.add).toBe(1);
  });
});

describe('pnpm link-cli: where the link goes', () => {
  async function linkWith(pathDirs: string[], home: string) {
    // Only the given folders on PATH (node is run by its absolute path): the machine's bin folders stay untouched.
    return execa(process.execPath, [join(repo, 'scripts', 'link-cli.mjs')], {
      env: { PATH: pathDirs.join(delimiter), HOME: home },
      extendEnv: false,
      reject: false,
    });
  }

  it('without PNPM_HOME: next to pnpm on PATH; with nothing usable: ~/.local/bin and the line to add it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'link-cli-'));
    const npmBin = join(dir, 'npm-global-bin');
    await mkdir(npmBin);
    await writeFile(join(npmBin, 'pnpm'), '#!/bin/sh\n');
    await chmod(join(npmBin, 'pnpm'), 0o755);
    const nextToPnpm = await linkWith([npmBin], join(dir, 'home-a'));
    expect(nextToPnpm.exitCode, nextToPnpm.stderr).toBe(0);
    expect(readlinkSync(join(npmBin, 'challenge'))).toBe(join(repo, 'packages', 'cli', 'bin', 'run.js'));
    expect(nextToPnpm.stdout).not.toContain('not on your PATH');

    const again = await linkWith([npmBin], join(dir, 'home-a'));
    expect(again.exitCode, again.stderr).toBe(0);

    const home = join(dir, 'home-b');
    const nowhere = await linkWith([], home);
    expect(nowhere.exitCode, nowhere.stderr).toBe(0);
    expect(readlinkSync(join(home, '.local', 'bin', 'challenge'))).toBe(
      join(repo, 'packages', 'cli', 'bin', 'run.js'),
    );
    expect(nowhere.stdout).toContain(`export PATH="${join(home, '.local', 'bin')}:$PATH"`);

    const occupied = join(dir, 'occupied');
    await mkdir(occupied);
    await writeFile(join(occupied, 'challenge'), 'not ours');
    await writeFile(join(occupied, 'pnpm'), '#!/bin/sh\n');
    await chmod(join(occupied, 'pnpm'), 0o755);
    const refused = await linkWith([occupied], join(dir, 'home-c'));
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('exists and is not a link');
    expect(await readFile(join(occupied, 'challenge'), 'utf8')).toBe('not ours');
  });
});
