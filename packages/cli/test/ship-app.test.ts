import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLeaks, type GitServer, startGitServer } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_AWS_FILES, runCli } from './helpers/cli.js';

const SECRET = 'ship-secret-key/EXAMPLE+value';
const TOKEN = 'ship-session-token/EXAMPLE==';
const KEYS = { accessKeyId: 'AKIDSHIP', secretAccessKey: SECRET, sessionToken: TOKEN };
let server: GitServer;
let repo: string;
let shimLog: string;
let shimDir: string;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function write(path: string, contents: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, contents);
}

beforeAll(async () => {
  server = await startGitServer({
    secretAccessKey: SECRET,
    region: 'eu-west-1',
    repos: ['challenge-mock-app'],
  });
  repo = mkdtempSync(join(tmpdir(), 'challenge-monorepo-'));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  write(join(repo, 'apps/flask-app/app.py'), 'print("v1")\n');
  write(join(repo, 'apps/flask-app/requirements.txt'), 'Flask==3.1.3\n');
  write(join(repo, 'apps/flask-app/candidates/__init__.py'), '');
  write(join(repo, 'packages/cli/README.md'), 'not shipped\n');
  write(
    join(repo, 'terraform/main.tf'),
    `variable "clone_url" {\n  type        = string\n  description = "Repository"\n}\noutput "codecommit_clone_url_http" {\n  value = var.clone_url\n}\noutput "region" {\n  value = "eu-west-1"\n}\n`,
  );
  write(
    join(repo, 'terraform/vars/mock.tfvars.json'),
    JSON.stringify({ clone_url: server.repoUrl('challenge-mock-app') }),
  );
  write(join(repo, '.gitignore'), '.terraform/\nterraform.tfstate.d/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'monorepo');
  const applied = await runCli(['apply', '--dir', join(repo, 'terraform'), '--yes']);
  expect(applied.exitCode, applied.stderr).toBe(0);

  // Every git process the CLI starts goes through this shim, which records its argv.
  shimDir = mkdtempSync(join(tmpdir(), 'git-shim-'));
  shimLog = join(shimDir, 'argv.log');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(shimDir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${shimLog}'\nexec '${realGit}' "$@"\n`,
  );
  chmodSync(join(shimDir, 'git'), 0o755);
  writeFileSync(shimLog, '');
}, 120_000);

afterAll(async () => {
  await server?.close();
});

function ship(...extra: string[]) {
  return runCli(['ship', 'app', '--dir', join(repo, 'terraform'), ...extra], {
    env: {
      PATH: `${shimDir}:${process.env['PATH']}`,
      AWS_ACCESS_KEY_ID: 'AKIDSHIP',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      ...NO_AWS_FILES,
      CHALLENGE_ALLOW_LOOPBACK_GIT: '1',
    },
  });
}

const serverTree = (ref = 'main') => git(server.repoPath('challenge-mock-app'), 'ls-tree', '-r', ref);
const appTree = (ref = 'HEAD') => git(repo, 'ls-tree', '-r', `${ref}:apps/flask-app`);

describe('challenge ship app', () => {
  it('first push: the CodeCommit repository holds exactly the app folder, authenticated with derived credentials', async () => {
    const result = await ship('--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({
      pushed: true,
      parent: null,
      appPath: 'apps/flask-app',
      withUncommitted: false,
    });
    expect(serverTree()).toBe(appTree());
    expect(git(server.repoPath('challenge-mock-app'), 'rev-parse', 'main')).toBe(body.commit);
    expect(git(server.repoPath('challenge-mock-app'), 'log', '-1', '--format=%s', 'main')).toBe(
      `Ship apps/flask-app from ${git(repo, 'rev-parse', 'HEAD')}`,
    );
    expect(server.usernames.includes(`AKIDSHIP%${TOKEN}`), 'the server saw key id % session token').toBe(
      true,
    );
  });

  it('an unchanged folder pushes nothing', async () => {
    const before = git(server.repoPath('challenge-mock-app'), 'rev-parse', 'main');
    const result = await ship();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Unchanged: main already holds this tree');
    expect(git(server.repoPath('challenge-mock-app'), 'rev-parse', 'main')).toBe(before);
  });

  it('a committed change is pushed on top of the remote head (linear history)', async () => {
    const before = git(server.repoPath('challenge-mock-app'), 'rev-parse', 'main');
    writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print("v2")\n');
    writeFileSync(join(repo, 'packages/cli/README.md'), 'still not shipped\n');
    git(repo, 'commit', '--quiet', '-am', 'v2');
    const result = await ship('--json');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ pushed: true, parent: before });
    expect(serverTree()).toBe(appTree());
    expect(git(server.repoPath('challenge-mock-app'), 'rev-list', '--count', 'main')).toBe('2');
  });

  it('refuses a dirty folder, then ships the working copy with --include-uncommitted', async () => {
    const before = git(server.repoPath('challenge-mock-app'), 'rev-parse', 'main');
    writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print("v3 draft")\n');
    writeFileSync(join(repo, 'apps/flask-app/new_module.py'), 'X = 1\n');
    const refused = await ship();
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('apps/flask-app has uncommitted changes');
    expect(refused.stderr).toContain('apps/flask-app/new_module.py');
    expect(refused.stderr).toContain('Fix: Commit them first, or pass --include-uncommitted');
    expect(git(server.repoPath('challenge-mock-app'), 'rev-parse', 'main')).toBe(before);

    const shipped = await ship('--include-uncommitted', '--json');
    expect(shipped.exitCode, shipped.stderr).toBe(0);
    expect(JSON.parse(shipped.stdout)).toMatchObject({ pushed: true, parent: before, withUncommitted: true });
    const files = serverTree()
      .split('\n')
      .map((line) => line.split('\t')[1]);
    expect(files).toEqual(['app.py', 'candidates/__init__.py', 'new_module.py', 'requirements.txt']);
    expect(git(server.repoPath('challenge-mock-app'), 'show', 'main:app.py')).toBe('print("v3 draft")');
    // The user's own index and working copy are untouched.
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe(
      ' M apps/flask-app/app.py\n?? apps/flask-app/new_module.py\n',
    );
  });

  it('never puts the secret key, session token or derived password in argv, output or .git/config', async () => {
    const targets = { ...KEYS, repoUrl: server.repoUrl('challenge-mock-app'), region: 'eu-west-1' };
    const argv = readFileSync(shimLog, 'utf8');
    expect(argv).toContain('push');
    const config = readFileSync(join(repo, '.git', 'config'), 'utf8');
    expect(findLeaks(argv, targets)).toEqual([]);
    expect(findLeaks(config, targets)).toEqual([]);
    expect(config).not.toContain('127.0.0.1');
    const failed = await ship('--include-uncommitted');
    expect(findLeaks(failed.stdout + failed.stderr, targets)).toEqual([]);
  });

  it('wrong AWS keys are refused by the server with a clear message and no secret in it', async () => {
    const result = await runCli(['ship', 'app', '--dir', join(repo, 'terraform'), '--include-uncommitted'], {
      env: {
        AWS_ACCESS_KEY_ID: 'AKIDSHIP',
        AWS_SECRET_ACCESS_KEY: 'wrong-secret',
        ...NO_AWS_FILES,
        CHALLENGE_ALLOW_LOOPBACK_GIT: '1',
      },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/git ls-remote failed: .*Authentication failed/s);
    expect(result.stderr).toContain('Fix: Check the repository URL and your AWS credentials');
    expect(result.stderr.includes('wrong-secret'), 'the wrong secret is not printed').toBe(false);
    expect(/\d{8}T\d{6}Z[0-9a-f]{64}/.test(result.stderr), 'no derived password is printed').toBe(false);
  });
});
