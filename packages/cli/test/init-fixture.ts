import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ec2KeyPairs,
  type FakeAws,
  type FakeBucket,
  type FakeKeyPair,
  s3Buckets,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';
import { makeRoot } from './helpers/cli.js';

export const INIT_ROOT = {
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

/**
 * A Terraform root, a HOME with AWS config/credentials files (profiles dev: eu-west-1, old: expired
 * session) and a fake AWS endpoint; `env` is what the spawned CLI gets.
 */
export async function initWorld(
  options: { buckets?: FakeBucket[]; keyPairs?: Record<string, FakeKeyPair[]>; publicKey?: boolean } = {},
): Promise<InitWorld> {
  const root = await makeRoot(INIT_ROOT);
  const home = await mkdtemp(join(tmpdir(), 'init-home-'));
  await mkdir(join(home, '.aws'), { recursive: true });
  await writeFile(
    join(home, '.aws', 'config'),
    '[profile dev]\nregion = eu-west-1\n\n[profile old]\nregion = eu-west-1\n',
  );
  await writeFile(
    join(home, '.aws', 'credentials'),
    '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev\n\n[old]\naws_access_key_id = AKIDOLD\naws_secret_access_key = secret-old\naws_session_token = token-old\n',
  );
  if (options.publicKey) {
    await mkdir(join(home, '.ssh'), { recursive: true });
    await writeFile(
      join(home, '.ssh', 'id_ed25519.pub'),
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake me@laptop\n',
    );
  }
  const s3 = s3Buckets({ buckets: options.buckets ?? [] });
  const ec2 = ec2KeyPairs({ keyPairs: options.keyPairs ?? { 'eu-west-1': [{ name: 'laptop' }] } });
  const fake = await startFakeAws({
    handlers: { sts: stsHandler({ expiredAccessKeyIds: ['AKIDOLD'] }), s3: s3.handler, ec2: ec2.handler },
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
  };
  return { root, home, fake, s3, ec2, env };
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
