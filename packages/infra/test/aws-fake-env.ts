import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CodeCommitOptions,
  codeCommitHandler,
  ec2KeyPairs,
  type FakeAws,
  type FakeBucket,
  type FakeKeyPair,
  type ScriptedAnswer,
  s3Buckets,
  startFakeAws,
  stsHandler,
} from '@challenge/testkit';

export interface FakeAwsEnv {
  fake: FakeAws;
  dir: string;
  s3: ReturnType<typeof s3Buckets>;
  ec2: ReturnType<typeof ec2KeyPairs>;
  restore(): Promise<void>;
}

const KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EC2_METADATA_DISABLED',
];

/**
 * A fake AWS endpoint plus temp config/credentials files with profiles "dev" (AKIDDEV, eu-west-1),
 * "old" (expired session, AKIDOLD) and "denied" (AKIDDENIED, AccessDenied on S3), wired through process.env.
 */
export async function fakeAwsEnv(
  options: {
    buckets?: FakeBucket[];
    keyPairs?: Record<string, FakeKeyPair[]>;
    latencyMs?: number;
    /** Answers S3 calls before the fake S3 does (undefined lets it answer). */
    s3Before?: ScriptedAnswer;
    codecommit?: CodeCommitOptions;
    /** STS answers only once this resolves (to see which calls do not wait for it). */
    stsGate?: () => Promise<void>;
  } = {},
): Promise<FakeAwsEnv> {
  const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  const dir = mkdtempSync(join(tmpdir(), 'aws-env-'));
  writeFileSync(
    join(dir, 'config'),
    '[profile dev]\nregion = eu-west-1\n\n[profile old]\nregion = us-east-1\n\n[profile denied]\nregion = eu-west-1\n\n[profile sso-user]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = eu-central-1\n',
  );
  writeFileSync(
    join(dir, 'credentials'),
    '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev\n\n[old]\naws_access_key_id = AKIDOLD\naws_secret_access_key = secret-old\naws_session_token = token-old\n\n[denied]\naws_access_key_id = AKIDDENIED\naws_secret_access_key = secret-denied\n',
  );
  const s3 = s3Buckets({
    buckets: options.buckets ?? [],
    deniedAccessKeyIds: ['AKIDDENIED'],
    before: options.s3Before,
  });
  const ec2 = ec2KeyPairs({ keyPairs: options.keyPairs ?? {} });
  const sts = stsHandler({ expiredAccessKeyIds: ['AKIDOLD'] });
  const fake = await startFakeAws({
    handlers: {
      sts: async (request) => {
        await options.stsGate?.();
        return sts(request);
      },
      s3: s3.handler,
      ec2: ec2.handler,
      codecommit: codeCommitHandler(options.codecommit),
    },
    latencyMs: options.latencyMs ?? 0,
  });
  for (const key of KEYS) delete process.env[key];
  process.env['AWS_ENDPOINT_URL'] = fake.url;
  process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  return {
    fake,
    dir,
    s3,
    ec2,
    async restore() {
      await fake.close();
      for (const key of KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
