import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ec2ImportedFingerprint,
  ec2KeyPairs,
  type FakeAws,
  type FakeBucket,
  type FakeKeyPair,
  makeOpenSshPublicKey,
  type ScriptedAnswer,
  s3Buckets,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { makeRoot } from './helpers/cli.js';

const INIT_ROOT = {
  'variables.tf': `
variable "ec2_key_pair_name" {
  description = "EC2 key pair for SSH"
  type        = string
}

variable "artifact_store" {
  description = "S3 bucket for pipeline artifacts"
  type        = string
}

variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "instance_count" {
  description = "How many instances"
  type        = number
  default     = 1
  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 3
    error_message = "instance_count must be 1 to 3."
  }
}
`,
  'main.tf': `
resource "terraform_data" "marker" {
  input = "\${var.ec2_key_pair_name}-\${var.artifact_store}-\${var.region}"
}
`,
};

export interface InitWorld {
  root: string;
  home: string;
  fake: FakeAws;
  s3: ReturnType<typeof s3Buckets>;
  ec2: ReturnType<typeof ec2KeyPairs>;
  env: NodeJS.ProcessEnv;
}

export interface InitWorldOptions {
  buckets?: FakeBucket[];
  keyPairs?: Record<string, FakeKeyPair[]>;
  /** Write ~/.ssh/id_ed25519.pub: a fresh real key, or the given OpenSSH public key line. */
  publicKey?: boolean | string;
  /** Also the profiles "revoked" (a deleted access key) and "sso" (SSO session expired). */
  moreProfiles?: boolean;
  /** No AWS config or credentials file at all: a newcomer's machine. */
  noAwsFiles?: boolean;
  /** The root keeps its state in S3 (`backend "s3" {}`), on the fake S3. */
  s3Backend?: boolean;
  /** Answers S3 calls before the fake S3 does (return undefined to let it answer). */
  s3Before?: ScriptedAnswer;
}

const CONFIG = '[profile dev]\nregion = eu-west-1\n\n[profile old]\nregion = eu-west-1\n';
const CREDENTIALS =
  '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev\n\n[old]\naws_access_key_id = AKIDOLD\naws_secret_access_key = secret-old\naws_session_token = token-old\n';
const MORE_CONFIG =
  '\n[profile revoked]\nregion = eu-west-1\n\n[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n';
const MORE_CREDENTIALS =
  '\n[revoked]\naws_access_key_id = AKIDREVOKED\naws_secret_access_key = secret-revoked\n';

/** The SSO token cache of `aws sso login` for session "corp", expired a while ago. */
async function expiredSsoToken(home: string): Promise<void> {
  const cache = join(home, '.aws', 'sso', 'cache');
  await mkdir(cache, { recursive: true });
  const file = `${createHash('sha1').update('corp').digest('hex')}.json`;
  await writeFile(
    join(cache, file),
    JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-west-1',
      accessToken: 'expired-sso-token',
      expiresAt: '2020-01-01T00:00:00Z',
    }),
  );
}

/**
 * A Terraform root, a HOME with AWS config/credentials files (profiles dev: eu-west-1, old: expired
 * session) and a fake AWS endpoint; `env` is what the spawned CLI gets.
 */
export async function initWorld(options: InitWorldOptions = {}): Promise<InitWorld> {
  const root = await makeRoot({
    ...INIT_ROOT,
    ...(options.s3Backend ? { 'versions.tf': 'terraform {\n  backend "s3" {}\n}\n' } : {}),
  });
  const home = await mkdtemp(join(tmpdir(), 'init-home-'));
  await mkdir(join(home, '.aws'), { recursive: true });
  if (!options.noAwsFiles) {
    await writeFile(join(home, '.aws', 'config'), CONFIG + (options.moreProfiles ? MORE_CONFIG : ''));
    await writeFile(
      join(home, '.aws', 'credentials'),
      CREDENTIALS + (options.moreProfiles ? MORE_CREDENTIALS : ''),
    );
    if (options.moreProfiles) await expiredSsoToken(home);
  }
  if (options.publicKey) {
    await mkdir(join(home, '.ssh'), { recursive: true });
    const line = typeof options.publicKey === 'string' ? options.publicKey : makeOpenSshPublicKey('ed25519');
    await writeFile(join(home, '.ssh', 'id_ed25519.pub'), `${line}\n`);
  }
  const s3 = s3Buckets({ buckets: options.buckets ?? [], before: options.s3Before });
  const ec2 = ec2KeyPairs({ keyPairs: options.keyPairs ?? { 'eu-west-1': [{ name: 'laptop' }] } });
  const fake = await startFakeAws({
    handlers: {
      sts: stsHandler({ expiredAccessKeyIds: ['AKIDOLD'], invalidAccessKeyIds: ['AKIDREVOKED'] }),
      s3: s3.handler,
      ec2: ec2.handler,
    },
  });
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    AWS_ENDPOINT_URL: fake.url,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    // Errors are wrapped to the width (80 without a terminal); these tests read them whole. The
    // wrapping itself is checked at COLUMNS=80 (init-newcomer.test.ts).
    COLUMNS: '1000',
  };
  return { root, home, fake, s3, ec2, env };
}

/** A public key line and the key pair EC2 would show after importing it under `name`. */
export function importedKey(name: string): { line: string; pair: FakeKeyPair } {
  const line = makeOpenSshPublicKey('ed25519');
  const imported = ec2ImportedFingerprint(line);
  return { line, pair: { name, ...imported } };
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/** An existing bucket with every protection init asks of a state bucket. */
export function protectedBucket(name: string, region = 'eu-west-1'): FakeBucket {
  return { name, region, versioning: 'Enabled', encryption: 'AES256', publicAccessBlocked: true };
}

/** The answers of a complete non-interactive init against initWorld()'s fake account (no terraform init). */
export const INIT_ANSWERS = [
  '--profile',
  'dev',
  '--key-pair',
  'laptop',
  '--state-bucket',
  'my-state',
  '--create-state-bucket',
  '--artifact-bucket',
  'my-artifacts',
  '--create-artifact-bucket',
];
