import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot, terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';

export const cliBin = join(repoRoot(), 'packages', 'cli', 'bin', 'run.js');

/** A Terraform root in a temp dir: `files` maps relative paths to contents. */
export async function makeRoot(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'challenge-root-'));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return root;
}

/** Every file under dir with a hash of its content, so any change, new or removed file shows. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = entry.isFile()
      ? createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
      : 'dir';
  }
  return files;
}

/** Doctor/preflight lines are wrapped to the terminal width: joins continuation lines back (not Fix lines). */
export function unwrapped(text: string): string {
  return text.replace(/\n {3,}/g, ' ');
}

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs the built CLI non-interactively (CI=true, no stdin, no colour), never rejecting. */
export function runCli(args: string[], options: RunCliOptions = {}) {
  return execa('node', [cliBin, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: terraformEnv({ CI: 'true', NO_COLOR: '1', ...options.env }),
    reject: false,
    stdin: 'ignore',
  });
}

export const SIMPLE_ROOT = {
  'main.tf': `
variable "greeting" {
  description = "What to say"
  type        = string
}

resource "terraform_data" "hello" {
  input = var.greeting
}

output "greeting" {
  description = "What was said"
  value       = terraform_data.hello.output
}
`,
  'vars/mock.tfvars.json': '{ "greeting": "hello" }\n',
};

/**
 * AWS config and credentials file paths where no file is: inside a temp folder of this test process, so
 * no file a tool or the system put elsewhere can be read.
 */
export const NO_AWS_FILES = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'no-aws-files-'));
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
})();

/** Environment for a CLI run whose AWS calls go to a fake endpoint, never to the user's own AWS config. */
export function fakeAwsEnv(endpointUrl: string, accessKeyId = 'AKIDTEST'): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: `${accessKeyId}-secret`,
    ...NO_AWS_FILES,
    CHALLENGE_POLL_INTERVAL_MS: '100',
    // ship may push to the loopback git server of the testkit
    CHALLENGE_ALLOW_LOOPBACK_GIT: '1',
  };
}

/**
 * Like fakeAwsEnv, but no credentials in the environment: only AWS config files (in a temp folder) with
 * one profile, whose keys sign the calls of a run given `--profile <profile>`.
 */
export async function fakeAwsProfileEnv(
  endpointUrl: string,
  profile: string,
  accessKeyId: string,
): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-profile-'));
  await writeFile(join(dir, 'config'), `[profile ${profile}]\nregion = eu-west-1\n`);
  await writeFile(
    join(dir, 'credentials'),
    `[${profile}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${accessKeyId}-secret\n`,
  );
  return {
    ...fakeAwsEnv(endpointUrl),
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
}
