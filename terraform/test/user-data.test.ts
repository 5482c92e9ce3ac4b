import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RealPlanRoot, startRealPlanRoot } from './helpers/real-plan.js';

const run = promisify(execFile);

// Stand-ins for the host's tools; they log their arguments. iptables keeps its rules in a file, so the
// check-then-insert logic really runs; curl answers like IMDSv2 (token first, then the id with it).
const SHIMS: Record<string, string> = {
  iptables: `#!/bin/bash
echo "iptables $*" >> "$SHIM_LOG"
args=("$@"); [ "\${args[0]}" = -w ] && args=("\${args[@]:1}")
op="\${args[0]}"; chain="\${args[1]}"; rest=("\${args[@]:2}")
[ "$op" = -I ] && [ "\${rest[0]}" = 1 ] && rest=("\${rest[@]:1}")
rule="$chain \${rest[*]}"
case "$op" in
  -N) exit 0 ;;
  -C) grep -qxF -- "$rule" "$RULES" ;;
  -I) echo "$rule" >> "$RULES" ;;
esac
`,
  systemctl: `#!/bin/bash
echo "systemctl $*" >> "$SHIM_LOG"
`,
  curl: `#!/bin/bash
echo "curl $*" >> "$SHIM_LOG"
case "$*" in
  *"-X PUT"*"X-aws-ec2-metadata-token-ttl-seconds: 60"*"/latest/api/token"*) printf 'token-123' ;;
  *"X-aws-ec2-metadata-token: token-123"*"/latest/meta-data/instance-id"*) printf '%s' "\${INSTANCE_ID_ANSWER:-i-0123456789abcdef0}" ;;
  *) exit 22 ;;
esac
`,
};

let userData: string;
let plan: RealPlanRoot;
const dirs: string[] = [];

/** The rendered user data, its absolute host paths moved under a fresh folder, run with the shims. */
async function runUserData(env: Record<string, string> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'challenge-user-data-'));
  dirs.push(root);
  const shims = join(root, 'shims');
  await mkdir(shims);
  for (const [name, body] of Object.entries(SHIMS)) {
    await writeFile(join(shims, name), body);
    await chmod(join(shims, name), 0o755);
  }
  await mkdir(join(root, 'etc/ecs'), { recursive: true });
  const log = join(root, 'calls.log');
  const rules = join(root, 'rules');
  await writeFile(log, '');
  await writeFile(rules, '');
  let script = userData;
  for (const path of [
    '/etc/ecs',
    '/usr/local/sbin',
    '/etc/systemd/system',
    '/var/lib/challenge/host-metadata',
  ]) {
    script = script.replaceAll(path, join(root, path));
  }
  await writeFile(join(root, 'user-data.sh'), script);
  const result = await run('bash', [join(root, 'user-data.sh')], {
    env: { ...process.env, PATH: `${shims}:${process.env['PATH']}`, SHIM_LOG: log, RULES: rules, ...env },
  }).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
  const calls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { root, result, calls, rules: (await readFile(rules, 'utf8')).split('\n').filter(Boolean) };
}

beforeAll(async () => {
  plan = await startRealPlanRoot();
  const resources = await plan.planIn('mock');
  const template = resources.find((r) => r.address === 'module.ecs_cluster.aws_launch_template.hosts')!;
  userData = Buffer.from(String(template.values['user_data']), 'base64').toString('utf8');
  const metadata = (template.values['metadata_options'] as Array<Record<string, unknown>>)[0]!;
  expect(metadata['http_tokens']).toBe('required');
  expect(metadata['http_put_response_hop_limit']).toBe(1);
});

afterAll(async () => {
  await plan?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the ECS hosts user data (rendered by a real plan, run with stand-ins for iptables, curl, systemctl)', () => {
  it('joins the cluster with the fast-stop and cached-image agent settings, image cleanup on', async () => {
    const { root, result } = await runUserData();
    expect(result.code, result.stderr).toBe(0);
    const config = (await readFile(join(root, 'etc/ecs/ecs.config'), 'utf8')).split('\n');
    expect(config).toEqual(
      expect.arrayContaining([
        'ECS_CLUSTER=challenge-mock-cluster',
        'ECS_CONTAINER_STOP_TIMEOUT=5s',
        'ECS_IMAGE_PULL_BEHAVIOR=once',
        'ECS_DISABLE_IMAGE_CLEANUP=false',
        'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h',
      ]),
    );
    // prefer-cached turns the agent's image cleanup off (AWS's pull-behavior doc): never with these hosts.
    expect(config.filter((line) => line.startsWith('ECS_IMAGE_PULL_BEHAVIOR='))).toEqual([
      'ECS_IMAGE_PULL_BEHAVIOR=once',
    ]);
  });

  it('drops container traffic to the metadata service, once, now and after every Docker start', async () => {
    const { root, result, calls, rules } = await runUserData();
    expect(result.code, result.stderr).toBe(0);
    expect(rules).toEqual(['DOCKER-USER -i docker+ -d 169.254.169.254/32 -j DROP']);
    expect(calls).toContain('iptables -w -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP');
    const dropIn = await readFile(
      join(root, 'etc/systemd/system/docker.service.d/block-container-imds.conf'),
      'utf8',
    );
    expect(dropIn).toContain('[Service]');
    expect(dropIn).toContain(`ExecStartPost=${join(root, '/usr/local/sbin')}/block-container-imds`);
    expect(calls).toContain('systemctl daemon-reload');
    // What Docker runs on its next start: the rule is already there, nothing is added twice.
    await run(join(root, 'usr/local/sbin/block-container-imds'), [], {
      env: {
        ...process.env,
        PATH: `${join(root, 'shims')}:${process.env['PATH']}`,
        SHIM_LOG: join(root, 'calls.log'),
        RULES: join(root, 'rules'),
      },
    });
    expect((await readFile(join(root, 'rules'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('writes the instance id (asked with an IMDSv2 token) to the file the tasks mount read-only', async () => {
    const { root, result, calls } = await runUserData();
    expect(result.code, result.stderr).toBe(0);
    const file = join(root, 'var/lib/challenge/host-metadata/instance-id');
    expect(await readFile(file, 'utf8')).toBe('i-0123456789abcdef0\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(calls.filter((c) => c.startsWith('curl'))).toHaveLength(2);
  });

  it('fails, writing no file, when the metadata service answers no instance id', async () => {
    const { root, result } = await runUserData({ INSTANCE_ID_ANSWER: '<html>error</html>' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('gave no instance id');
    await expect(stat(join(root, 'var/lib/challenge/host-metadata/instance-id'))).rejects.toThrow();
  });
});
