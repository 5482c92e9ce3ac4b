import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLeaks, type GitServer, type LeakTargets, startGitServer } from '@challenge/testkit';
import { NO_AWS_FILES, runCli } from './cli.js';

export const REGION = 'eu-west-1';
export const REPOSITORY = 'challenge-mock-app';

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

export function write(path: string, contents: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, contents);
}

export interface ShipFixture {
  server: GitServer;
  /** The monorepo clone (apps/flask-app + terraform/). */
  repo: string;
  terraformDir: string;
  /** Fresh random AWS keys for this file, so no other suite's processes can match them. */
  keys: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  targets: LeakTargets;
  /** The env the CLI gets for a ship: these keys, no AWS config files, loopback git allowed. */
  shipEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** `challenge ship app` for env `envName` (default mock). */
  ship(args?: string[], extra?: NodeJS.ProcessEnv, envName?: string): ReturnType<typeof runCli>;
  /** Commits a change to apps/flask-app, so the next ship has something to push. */
  commitChange(): void;
  /** Head of the CodeCommit-like repository's main branch ('' when it has none). */
  remoteHead(): string;
}

/**
 * A monorepo whose Terraform root (outputs codecommit_clone_url_http + region, from tfvars) is applied
 * for env `mock` pointing at a fresh loopback git server. `envs` adds envs with other clone URLs.
 */
export async function shipFixture(
  options: { envs?: Record<string, { cloneUrl: string; region: string }> } = {},
): Promise<ShipFixture> {
  const random = () => randomBytes(12).toString('base64url');
  const keys = {
    accessKeyId: `AKID${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: `${random()}/${random()}+${random()}`,
    sessionToken: `IQoJb3JpZ2luX2Vj${random()}/${random()}+${random()}${random()}==`,
  };
  const server = await startGitServer({
    secretAccessKey: keys.secretAccessKey,
    region: REGION,
    repos: [REPOSITORY],
  });
  const repo = mkdtempSync(join(tmpdir(), 'ship-fixture-'));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  write(join(repo, 'apps/flask-app/app.py'), 'print("v0")\n');
  write(join(repo, 'apps/flask-app/requirements.txt'), 'Flask==3.1.3\n');
  write(
    join(repo, 'terraform/main.tf'),
    [
      'variable "clone_url" {\n  type        = string\n  description = "Repository"\n}',
      'variable "region" {\n  type        = string\n  description = "Region"\n}',
      'output "codecommit_clone_url_http" {\n  value = var.clone_url\n}',
      'output "region" {\n  value = var.region\n}\n',
    ].join('\n'),
  );
  const envs = { mock: { cloneUrl: server.repoUrl(REPOSITORY), region: REGION }, ...options.envs };
  for (const [name, env] of Object.entries(envs)) {
    write(
      join(repo, `terraform/vars/${name}.tfvars.json`),
      JSON.stringify({ clone_url: env.cloneUrl, region: env.region }),
    );
  }
  write(join(repo, '.gitignore'), '.terraform/\nterraform.tfstate.d/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'monorepo');
  const terraformDir = join(repo, 'terraform');
  for (const name of Object.keys(envs)) {
    const applied = await runCli(['apply', '--dir', terraformDir, '--env', name, '--yes']);
    if (applied.exitCode !== 0) throw new Error(`apply --env ${name} failed:\n${applied.stderr}`);
  }
  let changes = 0;
  const shipEnv = (extra: NodeJS.ProcessEnv = {}) => ({
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_SESSION_TOKEN: keys.sessionToken,
    ...NO_AWS_FILES,
    CHALLENGE_ALLOW_LOOPBACK_GIT: '1',
    ...extra,
  });
  return {
    server,
    repo,
    terraformDir,
    keys,
    targets: { ...keys, repoUrl: server.repoUrl(REPOSITORY), region: REGION },
    shipEnv,
    ship: (args = [], extra = {}, envName = 'mock') =>
      runCli(['ship', 'app', '--dir', terraformDir, '--env', envName, ...args], { env: shipEnv(extra) }),
    commitChange: () => {
      changes += 1;
      writeFileSync(join(repo, 'apps/flask-app/app.py'), `print("v${changes}")\n`);
      git(repo, 'commit', '--quiet', '-am', `change ${changes}`);
    },
    remoteHead: () => {
      try {
        return git(server.repoPath(REPOSITORY), 'rev-parse', '--verify', '--quiet', 'refs/heads/main');
      } catch {
        return '';
      }
    },
  };
}

/** Text for a failure message: withheld when it carries one of the fixture's secrets. */
export function shown(text: string, targets: LeakTargets): string {
  const leaks = findLeaks(text, targets);
  return leaks.length > 0 ? `<output withheld: it carries ${leaks.join(', ')}>` : text;
}

/** A file of `output` blocks with these values (a root whose apply creates nothing). */
function outputsRoot(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => `output "${name}" {\n  value = ${JSON.stringify(value)}\n}\n`)
    .join('\n');
}

/**
 * A committed monorepo (apps/flask-app/app.py + a terraform/ root with these outputs), applied for env
 * mock; returns its folder. For tests that ship and then follow the pipeline in the fakes.
 */
export async function appMonorepo(prefix: string, outputs: Record<string, string>): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), prefix));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  write(join(repo, 'apps/flask-app/app.py'), 'print(1)\n');
  write(join(repo, 'terraform/main.tf'), outputsRoot(outputs));
  write(join(repo, 'terraform/vars/mock.tfvars.json'), '{}');
  writeFileSync(join(repo, '.gitignore'), '.terraform/\nterraform.tfstate.d/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'init');
  const applied = await runCli(['apply', '--dir', join(repo, 'terraform'), '--yes']);
  if (applied.exitCode !== 0) throw new Error(`apply of the test monorepo failed: ${applied.stderr}`);
  return repo;
}

/** Commits a change to apps/flask-app, so the next ship has something to push. */
export function commitAppChange(repo: string): void {
  writeFileSync(join(repo, 'apps/flask-app/app.py'), `print(${Date.now()})\n`);
  git(repo, 'commit', '--quiet', '-am', 'change');
}
