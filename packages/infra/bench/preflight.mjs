// Wall time of the AWS preflight (credentials, region, key pair, state bucket, artifact bucket) against the
// fake endpoint answering every call after 200 ms. The checks run concurrently, so the goal is a total
// of at most 1.5 x 200 ms. A single STS call, measured in the same run, is the baseline. The env's
// settings hold the account id as `challenge init` saves it, so the bucket calls (which name the
// expected bucket owner) need not wait for STS; STS still runs, concurrently, to check the credentials.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const LATENCY_MS = 200;
const RUNS = 5;
const infra = await import(new URL('../dist/index.js', import.meta.url).href);
const { ec2KeyPairs, s3Buckets, startFakeAws, stsHandler } = await import('@challenge/testkit');

const home = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
const root = join(home, 'root');
mkdirSync(join(root, 'vars'), { recursive: true });
mkdirSync(join(root, 'backends'), { recursive: true });
mkdirSync(join(root, '.challenge'), { recursive: true });
writeFileSync(join(root, 'main.tf'), 'resource "terraform_data" "x" {}\n');
writeFileSync(
  join(root, 'vars', 'mock.tfvars.json'),
  JSON.stringify({ ec2_key_pair_name: 'laptop', artifact_store: 'artifacts' }),
);
writeFileSync(
  join(root, 'backends', 'mock.s3.tfbackend'),
  infra.renderBackendFile({ bucket: 'state', key: infra.stateKey('mock'), region: 'eu-west-1' }),
);
writeFileSync(
  join(root, '.challenge', 'mock.json'),
  JSON.stringify({ awsProfile: 'dev', region: 'eu-west-1', awsAccountId: '123456789012' }),
);
writeFileSync(join(home, 'config'), '[profile dev]\nregion = eu-west-1\n');
writeFileSync(
  join(home, 'credentials'),
  '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev\n',
);

const s3 = s3Buckets({
  buckets: [
    { name: 'state', region: 'eu-west-1', versioning: 'Enabled', encryption: 'AES256' },
    { name: 'artifacts', region: 'eu-west-1' },
  ],
});
const ec2 = ec2KeyPairs({ keyPairs: { 'eu-west-1': [{ name: 'laptop' }] } });
const fake = await startFakeAws({ handlers: { sts: stsHandler(), s3: s3.handler, ec2: ec2.handler } });
process.env.AWS_ENDPOINT_URL = fake.url;
process.env.AWS_CONFIG_FILE = join(home, 'config');
process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const env = await infra.resolveEnvironment({ dir: root, env: 'mock' });
// Warm up module loading and credential resolution outside the timings.
const warm = await infra.runAwsPreflight(env);
if (warm.length !== 5 || warm.some((check) => !check.ok))
  throw new Error(`preflight not green: ${JSON.stringify(warm)}`);
fake.setLatency(LATENCY_MS);

async function median(fn) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    // Each run as in a fresh CLI process: no identity known yet (bucket checks need the account).
    infra.forgetCallerIdentities();
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const single = await median(() => infra.whoAmI({ profile: 'dev', region: 'eu-west-1' }));
const preflight = await median(() => infra.runAwsPreflight(env));
await fake.close();
rmSync(home, { recursive: true, force: true });

console.log(`aws preflight, 5 checks, ${LATENCY_MS} ms per AWS call (median of ${RUNS})`);
console.log(
  `  one STS call (baseline):  ${single.toFixed(0)} ms  (${(single / LATENCY_MS).toFixed(2)} x ${LATENCY_MS} ms)`,
);
console.log(
  `  preflight (5 checks):     ${preflight.toFixed(0)} ms  (${(preflight / LATENCY_MS).toFixed(2)} x ${LATENCY_MS} ms, goal <= 1.5: ${preflight / LATENCY_MS <= 1.5 ? 'met' : 'MISSED'}; ${(preflight / single).toFixed(2)} x baseline)`,
);
