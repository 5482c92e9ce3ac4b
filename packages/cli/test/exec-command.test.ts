import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsClients, awsClients, checkExec, runExec } from '@challenge/delivery';
import {
  type EcsScenario,
  ecsHandler,
  type FakeAws,
  type FakeEcsTask,
  type IamOptions,
  iamHandler,
  repoRoot,
  startFakeAws,
  stsHandler,
  terraformEnv,
} from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliBin, fakeAwsProfileEnv } from './helpers/cli.js';
import {
  CLUSTER,
  expectNoStack,
  REGION,
  rootWithOutputs,
  SERVICE,
  stackOutputs,
  steadyService,
} from './helpers/delivery-world.js';

// `challenge exec` against the loopback ECS fake, with a stand-in session-manager-plugin on PATH that records
// what it is given. The reference for its arguments is botocore plus the AWS CLI's own rules
// (awscli/customizations/ecs/executecommand.py), run in Python below, not this package's code.

const PROFILE = 'execdev';
const NEWEST = 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0';
const OLDER = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1';
const ACCOUNT = '123456789012';
/** The caller is an assumed-role session (SSO and most CI): IAM simulates its role. */
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/developer/alice`;
const CALLER_ROLE = `arn:aws:iam::${ACCOUNT}:role/developer`;
const TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/${SERVICE}-task`;

let fake: FakeAws;
let root: string;
let ecs: EcsScenario;
let iam: IamOptions;
let awsEnv: NodeJS.ProcessEnv;
let pluginDir: string;
let pluginLog: string;
let terraformBin: string;

function task(id: string, startedMinutesAgo: number, extra: Partial<FakeEcsTask> = {}): FakeEcsTask {
  const startedAt = new Date(Date.now() - startedMinutesAgo * 60_000);
  return {
    id,
    cluster: CLUSTER,
    service: SERVICE,
    taskDefinition: `${SERVICE}:7`,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    containers: [{ name: 'app', image: 'repo/app:cccccccccccc' }],
    createdAt: startedAt,
    startedAt,
    enableExecuteCommand: true,
    ...extra,
  };
}

function world(): void {
  ecs = {
    services: [{ ...steadyService(7), enableExecuteCommand: true }],
    taskDefinitions: [{ family: SERVICE, revision: 7, containers: [{ name: 'app', image: 'repo/app:c' }] }],
    tasks: [task(OLDER, 30), task(NEWEST, 5)],
  };
  iam = {
    principals: {
      [CALLER_ROLE]: { allowed: ['ecs:ExecuteCommand', 'ecs:Describe*', 'ecs:List*'] },
      [TASK_ROLE]: { allowed: ['ssmmessages:*'] },
    },
    simulations: [],
  };
}

/** A stand-in plugin: records argv and stdin as JSON, exits with $FAKE_PLUGIN_EXIT. */
const PLUGIN = `#!${process.execPath}
const { readFileSync, writeFileSync } = require('node:fs');
let stdin = '';
if (process.env.FAKE_PLUGIN_READ_STDIN) stdin = readFileSync(0, 'utf8');
writeFileSync(process.env.FAKE_PLUGIN_LOG, JSON.stringify({ argv: process.argv.slice(2), stdin }));
process.exit(Number(process.env.FAKE_PLUGIN_EXIT || 0));
`;

/** What `aws ecs execute-command` hands the plugin for this session, built with botocore and the AWS CLI's rules. */
const AWS_CLI_REFERENCE = `
import json, sys
import botocore.session
cluster, task, container, command, profile = sys.argv[1:6]
session = botocore.session.Session(profile=profile or None)
client = session.create_client('ecs', region_name=${JSON.stringify(REGION)})
response = client.execute_command(cluster=cluster, task=task, container=container, command=command, interactive=True)
# build_ssm_request_paramaters / get_container_runtime_id
cluster_name = response['clusterArn'].split('/')[-1]
task_id = response['taskArn'].split('/')[-1]
described = client.describe_tasks(cluster=cluster_name, tasks=[task_id])
runtime_id = None
for c in described['tasks'][0]['containers']:
    if response['containerName'] == c['name']:
        runtime_id = c['runtimeId']
target = "ecs:{}_{}_{}".format(cluster_name, task_id, runtime_id)
profile_name = session.profile if session.profile is not None else ''
print(json.dumps(["session-manager-plugin", json.dumps(response['session']), client.meta.region_name,
                  "StartSession", profile_name, json.dumps({"Target": target}), client.meta.endpoint_url]))
`;

/** Async: the fake answering the Python client runs on this event loop. */
async function awsCliArgv(env: NodeJS.ProcessEnv, command: string): Promise<string[]> {
  const python = join(repoRoot(), 'apps', 'flask-app', '.venv', 'bin', 'python');
  const { stdout } = await execa(
    python,
    ['-c', AWS_CLI_REFERENCE, CLUSTER, NEWEST, 'app', command, PROFILE],
    {
      env: { ...process.env, ...env },
    },
  );
  return JSON.parse(stdout) as string[];
}

function runExecCli(args: string[], options: { path?: string; input?: string; exit?: number } = {}) {
  return execa(process.execPath, [cliBin, 'exec', '--dir', root, ...args], {
    env: terraformEnv({
      CI: 'true',
      NO_COLOR: '1',
      ...awsEnv,
      PATH: options.path ?? `${pluginDir}:${process.env['PATH']}`,
      FAKE_PLUGIN_LOG: pluginLog,
      FAKE_PLUGIN_EXIT: String(options.exit ?? 0),
      FAKE_PLUGIN_READ_STDIN: '1',
      // A PATH without the plugin has no terraform either.
      CHALLENGE_TERRAFORM_BIN: terraformBin,
    }),
    reject: false,
    input: options.input ?? '',
  });
}

beforeAll(async () => {
  execFileSync('bash', [join(repoRoot(), 'apps', 'flask-app', 'scripts', 'ensure-venv.sh')], {
    stdio: 'ignore',
  });
  world();
  fake = await startFakeAws({
    handlers: {
      ecs: (request) => ecsHandler(ecs)(request),
      iam: (request) => iamHandler(iam)(request),
      sts: stsHandler({ identity: { account: ACCOUNT, arn: CALLER, userId: 'AROAFAKE:alice' } }),
    },
  });
  awsEnv = await fakeAwsProfileEnv(fake.url, PROFILE, 'AKIDEXEC');
  root = await rootWithOutputs(stackOutputs());
  terraformBin = (
    await execa('bash', [
      '-c',
      'command -v "$1"',
      'bash',
      process.env['CHALLENGE_TERRAFORM_BIN'] || 'terraform',
    ])
  ).stdout.trim();
  pluginDir = await mkdtemp(join(tmpdir(), 'exec-plugin-'));
  pluginLog = join(pluginDir, 'plugin.json');
  await writeFile(join(pluginDir, 'session-manager-plugin'), PLUGIN);
  await chmod(join(pluginDir, 'session-manager-plugin'), 0o755);
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

describe('challenge exec (the built CLI)', () => {
  beforeEach(() => world());

  it('hands the session to session-manager-plugin exactly as the AWS CLI does, and exits with its status', async () => {
    const run = await runExecCli(['--env', 'mock', '--profile', PROFILE, '--', 'echo', "it's", 'ok'], {
      input: 'typed into the session\n',
      exit: 7,
    });
    expect(run.exitCode, run.stderr).toBe(7);
    expect(run.stderr).toContain(`Task ${NEWEST} (the newest of 2 running; --task picks another: ${OLDER})`);
    const received = JSON.parse(await readFile(pluginLog, 'utf8')) as { argv: string[]; stdin: string };
    expect(received.stdin).toBe('typed into the session\n');
    expect(ecs.executions?.map((e) => [e.task, e.container, e.command, e.interactive])).toEqual([
      [NEWEST, 'app', `echo 'it'"'"'s' ok`, true],
    ]);
    // The same session again, through botocore and the AWS CLI's rules.
    ecs.executions = [];
    const expected = await awsCliArgv(awsEnv, `echo 'it'"'"'s' ok`);
    expect(['session-manager-plugin', ...received.argv]).toEqual(expected);
    expect(expected[4]).toBe(PROFILE);
    expect(JSON.parse(expected[5]!)).toEqual({
      Target: expect.stringMatching(`^ecs:${CLUSTER}_${NEWEST}_[0-9a-f]{64}$`),
    });
  }, 60_000);

  it('without the plugin on PATH says how to install it, before any AWS call', async () => {
    fake.requests.length = 0;
    const run = await runExecCli(['--env', 'mock', '--profile', PROFILE], { path: join(pluginDir, 'empty') });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('session-manager-plugin is not on PATH');
    expect(run.stderr).toContain('session-manager-working-with-install-plugin.html');
    expectNoStack(run.stderr);
    expect(fake.requests).toEqual([]);
  });

  it('--check --json reports each prerequisite without opening a session', async () => {
    ecs.tasks = [task(NEWEST, 5, { enableExecuteCommand: false })];
    const run = await runExecCli(['--env', 'mock', '--profile', PROFILE, '--check', '--json'], {
      path: join(pluginDir, 'empty'),
    });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: Array<{ name: string; ok: boolean | null }>;
    };
    expect(report.ok, run.stdout).toBe(false);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['plugin', false],
      ['service', true],
      ['task', false],
      ['agent', null],
      ['iam', true],
    ]);
    expect(ecs.executions ?? []).toEqual([]);
  });

  it("--check --json asks IAM's policy simulator for your ecs:ExecuteCommand and the task role's ssmmessages", async () => {
    type Report = {
      ok: boolean;
      checks: Array<{
        name: string;
        ok: boolean | null;
        detail: string;
        hint?: string;
        iam?: Array<{
          principal: string;
          verdict: string;
          denied: Array<{ action: string }>;
          reason?: string;
        }>;
      }>;
    };
    const check = async () => {
      const run = await runExecCli(['--env', 'mock', '--profile', PROFILE, '--check', '--json']);
      const report = JSON.parse(run.stdout) as Report;
      return { run, report, iamRow: report.checks.find((c) => c.name === 'iam')! };
    };
    const taskArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/${NEWEST}`;

    const allowed = await check();
    expect(allowed.run.exitCode, allowed.run.stderr).toBe(0);
    expect(allowed.report.ok).toBe(true);
    expect(allowed.iamRow.ok).toBe(true);
    expect(allowed.iamRow.iam?.map((s) => [s.principal, s.verdict])).toEqual([
      [CALLER_ROLE, 'allowed'],
      [TASK_ROLE, 'allowed'],
    ]);
    expect(iam.simulations).toEqual([
      {
        principal: CALLER_ROLE,
        actions: ['ecs:ExecuteCommand'],
        resources: [taskArn],
        context: [
          {
            key: 'ecs:cluster',
            type: 'string',
            values: [`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`],
          },
          { key: 'ecs:container-name', type: 'string', values: ['app'] },
        ],
      },
      {
        principal: TASK_ROLE,
        actions: [
          'ssmmessages:CreateControlChannel',
          'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel',
        ],
        resources: ['*'],
        context: [],
      },
    ]);

    world();
    iam.principals[CALLER_ROLE] = { allowed: ['ecs:Describe*', 'ecs:List*'] };
    const callerDenied = await check();
    expect(callerDenied.run.exitCode).toBe(1);
    expect(callerDenied.iamRow.ok).toBe(false);
    expect(callerDenied.iamRow.detail).toContain(`${CALLER_ROLE} lacks ecs:ExecuteCommand (implicitDeny)`);
    expect(callerDenied.iamRow.hint).toContain(`Grant ${CALLER_ROLE} ecs:ExecuteCommand`);

    world();
    iam.principals[TASK_ROLE] = {
      allowed: ['ssmmessages:CreateControlChannel', 'ssmmessages:OpenControlChannel'],
    };
    const roleDenied = await check();
    expect(roleDenied.run.exitCode).toBe(1);
    expect(roleDenied.iamRow.iam?.map((s) => [s.principal, s.verdict])).toEqual([
      [CALLER_ROLE, 'allowed'],
      [TASK_ROLE, 'denied'],
    ]);
    expect(roleDenied.iamRow.detail).toContain(
      `${TASK_ROLE} lacks ssmmessages:CreateDataChannel (implicitDeny), ssmmessages:OpenDataChannel (implicitDeny)`,
    );
    expect(roleDenied.iamRow.hint).toContain('challenge apply --env mock');

    world();
    iam.simulateDeniedAccessKeyIds = ['AKIDEXEC'];
    const refused = await check();
    expect(refused.run.exitCode, refused.run.stderr).toBe(0);
    expect(refused.report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['plugin', true],
      ['service', true],
      ['task', true],
      ['agent', true],
      ['iam', null],
    ]);
    expect(refused.iamRow.iam?.map((s) => s.verdict)).toEqual(['not checked', 'not checked']);
    expect(refused.iamRow.detail).toContain('not checked: ecs:ExecuteCommand for');
    expect(refused.iamRow.detail).toContain('iam:SimulatePrincipalPolicy');
  }, 60_000);
});

describe('choosing the task and refusing what ECS Exec cannot reach (library, in-process)', () => {
  let clients: AwsClients;
  const where = { envName: 'mock', cluster: CLUSTER, service: SERVICE };
  const run = (extra: Partial<Parameters<typeof runExec>[1]> = {}) =>
    runExec(clients, {
      ...where,
      command: '/bin/sh',
      plugin: join(pluginDir, 'session-manager-plugin'),
      ...extra,
    });
  const failure = async (promise: Promise<unknown>) => {
    const error = (await promise.then(
      () => undefined,
      (e: unknown) => e,
    )) as { code?: string; message: string; hint?: string } | undefined;
    if (!error) throw new Error('expected a failure');
    return error;
  };

  beforeAll(() => {
    Object.assign(process.env, {
      ...awsEnv,
      AWS_PROFILE: PROFILE,
      FAKE_PLUGIN_LOG: pluginLog,
      FAKE_PLUGIN_EXIT: '0',
      PATH: `${pluginDir}:${process.env['PATH']}`,
    });
    clients = awsClients({ region: REGION, profile: PROFILE });
  });
  beforeEach(() => world());

  it('takes --task, the only task, the newest, or the chosen one', async () => {
    expect((await run({ task: OLDER })).target).toMatchObject({ pick: 'given', task: { id: OLDER } });
    expect((await run()).target).toMatchObject({ pick: 'newest', task: { id: NEWEST } });
    let offered: string[] = [];
    const chosen = await run({
      choose: async (tasks) => {
        offered = tasks.map((t) => t.id);
        return tasks[1]!;
      },
    });
    expect(offered).toEqual([NEWEST, OLDER]);
    expect(chosen.target).toMatchObject({ pick: 'chosen', task: { id: OLDER } });
    ecs.tasks = [task(OLDER, 30)];
    expect(
      (await run({ choose: async () => Promise.reject(new Error('no prompt for one task')) })).target.pick,
    ).toBe('only');
    expect(ecs.executions?.map((e) => e.task)).toEqual([OLDER, NEWEST, OLDER, OLDER]);
  });

  it('names exec_enabled and challenge apply when the service has ECS Exec off', async () => {
    ecs.services[0]!.enableExecuteCommand = false;
    const error = await failure(run());
    expect(error.code).toBe('EXEC_DISABLED');
    expect(error.hint).toContain('"exec_enabled": true in terraform/vars/mock.tfvars.json');
    expect(error.hint).toContain('challenge apply --env mock');
  });

  it('names a new deployment for a task started before exec was on', async () => {
    ecs.tasks = [task(NEWEST, 5, { enableExecuteCommand: false })];
    const error = await failure(run());
    expect(error.code).toBe('TASK_WITHOUT_EXEC');
    expect(error.message).toContain(`Task ${NEWEST} started before ECS Exec was enabled`);
    expect(error.hint).toContain('challenge rollback --env mock');
  });

  it('refuses a container whose ExecuteCommandAgent is not RUNNING yet', async () => {
    ecs.tasks = [task(NEWEST, 0, { containers: [{ name: 'app', execAgentStatus: 'PENDING' }] })];
    const error = await failure(run());
    expect(error.code).toBe('AGENT_NOT_READY');
    expect(error.message).toContain('ECS Exec agent of container app');
    expect(error.message).toContain('is PENDING, not RUNNING');
  });

  it('says so when no task runs, and when --task names none', async () => {
    ecs.tasks = [task(OLDER, 30, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' })];
    expect((await failure(run())).code).toBe('NO_RUNNING_TASK');
    expect((await failure(run({ task: 'c2c2c2c2' }))).code).toBe('TASK_NOT_FOUND');
    expect((await failure(run({ task: OLDER }))).code).toBe('TASK_NOT_RUNNING');
  });

  it('names ecs:ExecuteCommand when AWS denies it', async () => {
    ecs.executeCommandDenied = true;
    const error = await failure(run());
    expect(error.code).toBe('EXEC_ACCESS_DENIED');
    expect(error.message).toContain('ecs:ExecuteCommand');
    expect(error.hint).toContain(
      `ecs:ExecuteCommand on the cluster's tasks (arn:aws:ecs:<region>:<account>:task/${CLUSTER}/*)`,
    );
  });

  it('--check: every prerequisite met', async () => {
    const report = await checkExec(clients, where);
    expect(report).toMatchObject({ ok: true, task: NEWEST, container: 'app' });
    expect(report.checks.map((c) => c.name)).toEqual(['plugin', 'service', 'task', 'agent', 'iam']);
    expect(report.checks.find((c) => c.name === 'iam')?.detail).toContain(`role/${SERVICE}-task`);
    expect(ecs.executions ?? []).toEqual([]);
  });
});
