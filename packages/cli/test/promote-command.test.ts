import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CodeDeployScenario,
  codeDeployHandler,
  codePipelineHandler,
  creationTimeExecution,
  type EcsScenario,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeEcsService,
  type FakeExecution,
  type FakeTarget,
  findLeaks,
  type GitServer,
  newDeploymentId,
  type PipelineScenario,
  startFakeAws,
  startGitServer,
  stsHandler,
} from '@challenge/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsEnv, runCli } from './helpers/cli.js';

// dev -> qa: two envs of one Terraform root, each with its CodeCommit repository on the loopback git server
// and its own pipeline in the fake CodePipeline; `promote` ships dev's deployed tree into qa's repository.
const REGION = 'eu-west-1';
const KEY = 'AKIDPROMOTE';
const STAGES = ['Source', 'Build', 'Test', 'Approval', 'Deploy'];
// qa runs without the Test stage (test_stage_enabled = false in its tfvars): each env's pipeline is its own.
const QA_STAGES = ['Source', 'Build', 'Approval', 'Deploy'];
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

let server: GitServer;
let fake: FakeAws;
let gtg: Server;
let gtgStatus = 200;
let repo: string;
let terraformDir: string;
/** Monorepo commits and their app-folder trees: v1, v2. */
const monorepo: Record<'v1' | 'v2', string> = { v1: '', v2: '' };
type Env = 'dev' | 'qa' | 'staging';
const pipelines: Record<Env, PipelineScenario> = {} as Record<Env, PipelineScenario>;
const ecs: EcsScenario = { services: [], taskDefinitions: [] };
// staging deploys blue/green (deployment_strategy = blue_green): CodeDeploy, task sets, two target groups.
const codedeploy: CodeDeployScenario = { groups: [], deployments: [] };
const GREEN_TG = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/challenge-staging-tg-green/fedcba9876543210`;
const targets: Record<string, FakeTarget[]> = {};

const names = (env: string) => ({
  pipeline: `challenge-${env}-pipeline`,
  cluster: `challenge-${env}-cluster`,
  service: `challenge-${env}-app`,
  family: `challenge-${env}-app`,
  tg: `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/challenge-${env}-tg/0123456789abcdef`,
  repository: `challenge-${env}-app`,
});

/** A commit of the app folder's tree at monorepo commit `source`, as `challenge ship` writes it. */
function shipCommit(
  source: string,
  parent: string | null,
  message = `Ship apps/flask-app from ${source}`,
): string {
  return git(
    repo,
    'commit-tree',
    `${source}:apps/flask-app`,
    ...(parent ? ['-p', parent] : []),
    '-m',
    message,
  );
}

/** Sets a bare repository's main (a push straight to the env's CodeCommit repository). */
function setMain(env: string, commit: string): void {
  git(
    repo,
    'push',
    '--quiet',
    '--force',
    server.repoPath(names(env).repository),
    `${commit}:refs/heads/main`,
  );
}

const mainOf = (env: string) => git(server.repoPath(names(env).repository), 'rev-parse', 'main');
const treeOf = (env: string, ref = 'main') =>
  git(server.repoPath(names(env).repository), 'rev-parse', `${ref}^{tree}`);

function deployed(id: string, commit: string, minutesAgo: number, stages = STAGES): FakeExecution {
  const start = new Date(Date.now() - minutesAgo * 60_000);
  return {
    id,
    status: 'Succeeded',
    revisionId: commit,
    revisionSummary: 'ship',
    startTime: start,
    actions: stages.map((stage, i) => ({
      stage,
      action: stage,
      status: 'Succeeded' as const,
      startTime: new Date(start.getTime() + i * 1000),
    })),
  };
}

function steady(env: string, revision: number, running = 2): FakeEcsService {
  const n = names(env);
  return {
    cluster: n.cluster,
    serviceName: n.service,
    desiredCount: 2,
    runningCount: running,
    pendingCount: 0,
    taskDefinition: `${n.family}:${revision}`,
    targetGroupArn: n.tg,
    containerName: 'app',
    deployments: [
      {
        id: `ecs-svc/${env}${revision}`,
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        runningCount: running,
        desiredCount: 2,
        taskDefinition: `${n.family}:${revision}`,
        createdAt: new Date(Date.now() - 3_600_000),
      },
    ],
  };
}

/** An env's service runs the image the pipeline built of `commit` (its tag: the commit's first 12 characters). */
function runs(env: string, commit: string, revision: number): void {
  const n = names(env);
  ecs.services = ecs.services.filter((s) => s.serviceName !== n.service).concat(steady(env, revision));
  ecs.taskDefinitions = (ecs.taskDefinitions ?? []).filter((d) => d.family !== n.family);
  ecs.taskDefinitions.push({
    family: n.family,
    revision,
    containers: [
      {
        name: 'app',
        image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/${n.repository}:${commit.slice(0, 12)}`,
      },
    ],
  });
}

/** dev's pipeline: `deploys` are the executions that got through Deploy (plus the creation-time run). */
function devPipeline(deploys: FakeExecution[]): PipelineScenario {
  return {
    name: names('dev').pipeline,
    stages: STAGES.map((name) => ({ name, actions: [{ name }] })),
    executions: [creationTimeExecution('dev-exec-0', names('dev').repository), ...deploys],
    approvals: [],
  };
}

/** qa's pipeline: its earlier deploys; a push starts an execution that builds and waits for approval. */
function qaPipeline(deploys: FakeExecution[]): PipelineScenario {
  return {
    name: names('qa').pipeline,
    stages: QA_STAGES.map((name) => ({ name, actions: [{ name }] })),
    executions: [creationTimeExecution('qa-exec-0', names('qa').repository), ...deploys],
    approvals: [],
    onListExecutions: (s) => {
      const head = mainOf('qa');
      if (s.executions.some((e) => e.revisionId === head)) return;
      s.executions.push({ id: `qa-exec-${s.executions.length}`, status: 'InProgress', revisionId: head });
    },
    onGetState: (s) => {
      const running = s.executions.at(-1)!;
      if (running.status !== 'InProgress') return;
      for (const stage of s.stages.slice(0, 3)) {
        const approval = stage.name === 'Approval';
        stage.executionId = running.id;
        stage.status = approval ? 'InProgress' : 'Succeeded';
        stage.actions = [
          approval
            ? { name: 'Approval', status: 'InProgress', token: `tok-${running.id}` }
            : { name: stage.name, status: 'Succeeded' },
        ];
      }
    },
  };
}

beforeAll(async () => {
  server = await startGitServer({
    secretAccessKey: `${KEY}-secret`,
    region: REGION,
    repos: [names('dev').repository, names('qa').repository, names('staging').repository],
  });
  gtg = createServer((req, res) => {
    res.writeHead(req.url === '/gtg' ? gtgStatus : 404);
    res.end();
  });
  await new Promise<void>((resolve) => gtg.listen(0, '127.0.0.1', resolve));
  gtg.unref();
  fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      codepipeline: (request) =>
        codePipelineHandler([pipelines.dev, pipelines.qa, pipelines.staging])(request),
      codedeploy: (request) => codeDeployHandler(codedeploy)(request),
      ecs: (request) => ecsHandler(ecs)(request),
      elasticloadbalancing: (request) => elbv2Handler(targets)(request),
    },
  });
  repo = mkdtempSync(join(tmpdir(), 'challenge-promote-'));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  mkdirSync(join(repo, 'apps/flask-app'), { recursive: true });
  mkdirSync(join(repo, 'terraform/vars'), { recursive: true });
  const outputs = [
    'codecommit_clone_url_http',
    'region',
    'pipeline_name',
    'ecs_cluster_name',
    'ecs_service_name',
  ];
  outputs.push('target_group_arn', 'app_url', 'codecommit_repository_name');
  outputs.push('deployment_strategy', 'codedeploy_application_name', 'codedeploy_deployment_group_name');
  writeFileSync(
    join(repo, 'terraform/main.tf'),
    outputs
      .map(
        (name) =>
          `variable "${name}" {\n  type        = string\n  description = "${name}"\n}\noutput "${name}" {\n  value = var.${name}\n}\n`,
      )
      .join('\n'),
  );
  const gtgUrl = `http://127.0.0.1:${(gtg.address() as AddressInfo).port}`;
  for (const env of ['dev', 'qa', 'staging']) {
    const n = names(env);
    const blueGreen = env === 'staging';
    writeFileSync(
      join(repo, `terraform/vars/${env}.tfvars.json`),
      JSON.stringify({
        codecommit_clone_url_http: server.repoUrl(n.repository),
        region: REGION,
        pipeline_name: n.pipeline,
        ecs_cluster_name: n.cluster,
        ecs_service_name: n.service,
        target_group_arn: n.tg,
        app_url: env === 'qa' ? 'http://127.0.0.1:9' : gtgUrl,
        codecommit_repository_name: n.repository,
        deployment_strategy: blueGreen ? 'blue_green' : 'rolling',
        codedeploy_application_name: blueGreen ? n.service : '',
        codedeploy_deployment_group_name: blueGreen ? n.service : '',
      }),
    );
  }
  writeFileSync(join(repo, '.gitignore'), '.terraform/\nterraform.tfstate.d/\n');
  writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print("v1")\n');
  writeFileSync(join(repo, 'apps/flask-app/requirements.txt'), 'Flask==3.1.3\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'app: v1');
  monorepo.v1 = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, 'README.md'), 'not the app\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'docs: outside the app folder');
  writeFileSync(join(repo, 'apps/flask-app/app.py'), 'print("v2")\n');
  writeFileSync(join(repo, 'apps/flask-app/new.py'), 'print("new")\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'app: v2 with new.py');
  monorepo.v2 = git(repo, 'rev-parse', 'HEAD');
  terraformDir = join(repo, 'terraform');
  for (const env of ['dev', 'qa', 'staging']) {
    const applied = await runCli(['apply', '--dir', terraformDir, '--env', env, '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
  gtg?.close();
});

let devV2: string;
let qaV1: string;

/** dev ran v1 then v2 (deployed, healthy); qa runs v1, promoted earlier. */
beforeEach(() => {
  const devV1 = shipCommit(monorepo.v1, null);
  devV2 = shipCommit(monorepo.v2, devV1);
  setMain('dev', devV2);
  qaV1 = shipCommit(
    monorepo.v1,
    null,
    `Promote apps/flask-app from dev (execution dev-exec-1)\n\nSource-Commit: ${monorepo.v1}`,
  );
  setMain('qa', qaV1);
  pipelines.dev = devPipeline([deployed('dev-exec-1', devV1, 120), deployed('dev-exec-2', devV2, 30)]);
  pipelines.qa = qaPipeline([deployed('qa-exec-1', qaV1, 60, QA_STAGES)]);
  pipelines.staging = { name: names('staging').pipeline, stages: [], executions: [], approvals: [] };
  runs('dev', devV2, 8);
  runs('qa', qaV1, 3);
  for (const env of ['dev', 'qa'])
    targets[names(env).tg] = [{ id: 'i-0aaaaaaaaaaaaaaa1', port: 32768, state: 'healthy' }];
  gtgStatus = 200;
});

const promote = (...args: string[]) =>
  runCli(['promote', '--dir', terraformDir, ...args], { env: fakeAwsEnv(fake.url, KEY) });

describe('challenge promote --from dev --to qa', () => {
  it("ships exactly dev's deployed tree to qa on top of qa's head and follows qa's pipeline to its approval", async () => {
    const before = mainOf('qa');
    const result = await promote('--from', 'dev', '--to', 'qa', '--yes', '--watch', '--timeout', '30');
    expect(result.exitCode, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain('Promote apps/flask-app from dev to qa');
    expect(out).toContain(
      `  dev deployed   ${devV2.slice(0, 12)}  (execution dev-exec-2, its last successful deploy`,
    );
    expect(out).toContain(`  qa runs now    ${qaV1.slice(0, 12)}  (the service's image tag)`);
    // The app folder's commits between what qa runs (v1) and what it gets (v2): not the docs-only one.
    expect(out).toContain('Commits    1 of the app folder (monorepo), newest first:');
    expect(out).toContain(`  ${monorepo.v2.slice(0, 12)}  app: v2 with new.py`);
    expect(out).not.toContain('docs: outside the app folder');
    expect(out).toMatch(/Files {6}2 changed in the app folder:\n {2}M app\.py\n {2}A new\.py/);
    expect(out).toContain('Health     dev is healthy');
    const head = mainOf('qa');
    expect(git(server.repoPath(names('qa').repository), 'rev-parse', `${head}^`)).toBe(before);
    expect(treeOf('qa')).toBe(treeOf('dev', devV2));
    const message = git(server.repoPath(names('qa').repository), 'log', '-1', '--format=%B', head);
    expect(message).toContain('Promote apps/flask-app from dev (execution dev-exec-2)');
    expect(message).toContain(`Promoted-Revision: ${devV2}`);
    expect(message).toContain(`Source-Commit: ${monorepo.v2}`);
    expect(out).toContain(`Pushed ${head} to qa's main: the tree of dev's execution dev-exec-2.`);
    expect(out).toMatch(
      /Pipeline challenge-qa-pipeline: execution qa-exec-2[\s\S]*Build: Succeeded[\s\S]*Approval: InProgress/,
    );
    expect(out).not.toContain('contract checks');
    expect(out).toContain('Waiting for approval: run `challenge approve --env qa`.');
    // Two repositories' git credentials were derived: neither shows anywhere.
    for (const env of ['dev', 'qa']) {
      const secrets = { accessKeyId: KEY, secretAccessKey: `${KEY}-secret`, region: REGION };
      expect(
        findLeaks(out + result.stderr, { ...secrets, repoUrl: server.repoUrl(names(env).repository) }),
      ).toEqual([]);
    }
  });

  it('is nothing to do (exit 0) when qa already runs that tree', async () => {
    const promoted = shipCommit(monorepo.v2, qaV1, 'Promote apps/flask-app from dev (execution dev-exec-2)');
    setMain('qa', promoted);
    pipelines.qa = qaPipeline([
      deployed('qa-exec-1', qaV1, 60, QA_STAGES),
      deployed('qa-exec-2', promoted, 10, QA_STAGES),
    ]);
    runs('qa', promoted, 4);
    const result = await promote('--from', 'dev', '--to', 'qa', '--yes', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ from: 'dev', to: 'qa', promoted: false, upToDate: true });
    expect(mainOf('qa')).toBe(promoted);
    const text = await promote('--from', 'dev', '--to', 'qa', '--yes');
    expect(text.stdout).toContain(`Nothing to do: env qa already runs this tree (${promoted.slice(0, 12)})`);
  });

  it('refuses to promote an env to itself, before any AWS call', async () => {
    fake.requests.length = 0;
    const result = await promote('--from', 'dev', '--to', 'dev', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Cannot promote env dev to itself.');
    expect(result.stderr).toContain(
      'Fix: Name two different envs, e.g. `challenge promote --from dev --to qa`.',
    );
    expect(fake.requests).toEqual([]);
  });

  it('refuses when dev has no successful deploy', async () => {
    pipelines.dev = devPipeline([{ id: 'dev-exec-1', status: 'Failed', revisionId: devV2 }]);
    const result = await promote('--from', 'dev', '--to', 'qa', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Env dev has no successful deploy to promote');
    expect(result.stderr).toContain('Fix: Deploy to dev first: `challenge ship app --env dev --watch`');
    expect(mainOf('qa')).toBe(qaV1);
  });

  it('refuses while dev is unhealthy, saying why; --force promotes anyway', async () => {
    ecs.services = ecs.services.map((s) =>
      s.serviceName === names('dev').service ? steady('dev', 8, 1) : s,
    );
    gtgStatus = 503;
    const result = await promote('--from', 'dev', '--to', 'qa', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Env dev is not healthy right now');
    expect(result.stderr).toContain('ECS service: 1 of 2 tasks running');
    expect(result.stderr).toContain('GET /gtg: HTTP 503');
    expect(result.stderr).toContain(
      'or pass --force to promote anyway: `challenge promote --from dev --to qa --force`.',
    );
    expect(mainOf('qa')).toBe(qaV1);
    const refusedJson = await promote('--from', 'dev', '--to', 'qa', '--yes', '--json');
    expect(refusedJson.exitCode).toBe(1);
    const json = JSON.parse(refusedJson.stdout);
    expect(json.error).toEqual({
      code: 'SOURCE_UNHEALTHY',
      message: expect.stringContaining('Env dev is not healthy right now'),
      hint: expect.stringContaining('`challenge promote --from dev --to qa --force`'),
    });
    expect(json.plan.sourceProblems).toContain('GET /gtg: HTTP 503');

    const forced = await promote('--from', 'dev', '--to', 'qa', '--yes', '--force');
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('Going ahead anyway (--force).');
    expect(treeOf('qa')).toBe(treeOf('dev', devV2));
  });

  it("refuses when qa's main has commits dev's history lacks, showing them; --force replaces them", async () => {
    writeFileSync(join(repo, 'apps/flask-app/hotfix.py'), 'print("hotfix")\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'hotfix shipped to qa only');
    const hotfix = shipCommit(git(repo, 'rev-parse', 'HEAD'), qaV1);
    git(repo, 'reset', '--quiet', '--hard', 'HEAD^');
    setMain('qa', hotfix);
    const result = await promote('--from', 'dev', '--to', 'qa', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("Dropped    qa's main has 1 commit dev's history lacks:");
    expect(result.stderr).toContain("Error: Env qa's branch has 1 commit that dev's promoted history lacks");
    expect(result.stderr).toContain(`${hotfix.slice(0, 12)}  Ship apps/flask-app from`);
    expect(result.stderr).toContain(
      'or pass --force to replace them: `challenge promote --from dev --to qa --force`.',
    );
    expect(mainOf('qa')).toBe(hotfix);

    const forced = await promote('--from', 'dev', '--to', 'qa', '--yes', '--force');
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(git(server.repoPath(names('qa').repository), 'rev-parse', 'main^')).toBe(hotfix);
    expect(treeOf('qa')).toBe(treeOf('dev', devV2));
  });

  it("signs each env's AWS and git calls with that env's saved profile; --profile signs both envs' calls", async () => {
    // No keys in the environment: only profiles, with keys the git server accepts (it checks the secret).
    const awsDir = mkdtempSync(join(tmpdir(), 'promote-profiles-'));
    const profiles = { 'dev-ops': 'AKIDDEVOPS', 'qa-ops': 'AKIDQAOPS', ops: 'AKIDOPS' };
    writeFileSync(
      join(awsDir, 'config'),
      Object.keys(profiles)
        .map((name) => `[profile ${name}]\nregion = ${REGION}\n`)
        .join('\n'),
    );
    writeFileSync(
      join(awsDir, 'credentials'),
      Object.entries(profiles)
        .map(([name, id]) => `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = ${KEY}-secret\n`)
        .join('\n'),
    );
    const env = {
      ...fakeAwsEnv(fake.url, KEY),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
    };
    const settings = join(terraformDir, '.challenge');
    mkdirSync(settings, { recursive: true });
    writeFileSync(join(settings, 'dev.json'), '{ "awsProfile": "dev-ops" }\n');
    writeFileSync(join(settings, 'qa.json'), '{ "awsProfile": "qa-ops" }\n');
    /** The access keys that signed the AWS calls about one env's resources, and the git usernames, of a run. */
    const signersOf = async (...args: string[]) => {
      const [requests, usernames] = [fake.requests.length, server.usernames.length];
      const result = await runCli(
        ['promote', '--dir', terraformDir, '--from', 'dev', '--to', 'qa', ...args],
        {
          env,
        },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      const calls = fake.requests.slice(requests);
      const about = (envName: string) =>
        new Set(
          calls
            .filter((call) => call.body.toString('utf8').includes(`challenge-${envName}-`))
            .map((call) => call.accessKeyId),
        );
      return {
        dev: about('dev'),
        qa: about('qa'),
        all: new Set(calls.map((call) => call.accessKeyId)),
        git: new Set(server.usernames.slice(usernames)),
      };
    };
    try {
      const saved = await signersOf('--yes');
      expect(treeOf('qa')).toBe(treeOf('dev', devV2));
      expect(saved.dev).toEqual(new Set(['AKIDDEVOPS']));
      expect(saved.qa).toEqual(new Set(['AKIDQAOPS']));
      expect(saved.all).toEqual(new Set(['AKIDDEVOPS', 'AKIDQAOPS']));
      expect(saved.git).toEqual(new Set(['AKIDDEVOPS', 'AKIDQAOPS']));

      setMain('qa', qaV1);
      const flag = await signersOf('--yes', '--profile', 'ops');
      expect(treeOf('qa')).toBe(treeOf('dev', devV2));
      expect(flag.all).toEqual(new Set(['AKIDOPS']));
      expect(flag.git).toEqual(new Set(['AKIDOPS']));
    } finally {
      rmSync(settings, { recursive: true, force: true });
    }
  });

  it('asks for confirmation only on a terminal: without one it needs --yes and pushes nothing', async () => {
    const result = await promote('--from', 'dev', '--to', 'qa');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Cannot ask for confirmation');
    expect(result.stderr).toContain('Fix: Pass --yes to proceed without a prompt.');
    expect(mainOf('qa')).toBe(qaV1);
  });
});

describe('challenge promote from a blue/green env', () => {
  /** staging ran `commit` through CodeDeploy: green serves production now; target_group_arn still names blue. */
  function stagingRuns(commit: string): { deploymentId: string } {
    const n = names('staging');
    const revision = 5;
    ecs.services = ecs.services
      .filter((s) => s.serviceName !== n.service)
      .concat({
        ...steady('staging', revision),
        deploymentController: 'CODE_DEPLOY',
        deployments: [],
        taskSets: [
          {
            id: 'ecs-svc/5000000000000000005',
            status: 'PRIMARY',
            taskDefinition: `${n.family}:${revision}`,
            targetGroupArn: GREEN_TG,
            computedDesiredCount: 2,
            runningCount: 2,
            stabilityStatus: 'STEADY_STATE',
          },
        ],
      });
    ecs.taskDefinitions = (ecs.taskDefinitions ?? []).filter((d) => d.family !== n.family);
    ecs.taskDefinitions.push({
      family: n.family,
      revision,
      containers: [
        {
          name: 'app',
          image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/${n.repository}:${commit.slice(0, 12)}`,
        },
      ],
    });
    targets[n.tg] = [];
    targets[GREEN_TG] = [{ id: 'i-0aaaaaaaaaaaaaaa1', port: 32770, state: 'healthy' }];
    const deploymentId = newDeploymentId();
    codedeploy.groups = [
      {
        applicationName: n.service,
        deploymentGroupName: n.service,
        cluster: n.cluster,
        service: n.service,
      },
    ];
    codedeploy.deployments = [
      {
        id: deploymentId,
        applicationName: n.service,
        deploymentGroupName: n.service,
        status: 'Succeeded',
        createTime: new Date(Date.now() - 1_800_000),
        completeTime: new Date(Date.now() - 1_500_000),
      },
    ];
    pipelines.staging = {
      name: n.pipeline,
      stages: STAGES.map((name) => ({
        name,
        actions: [
          name === 'Deploy'
            ? {
                name,
                provider: 'CodeDeployToECS',
                configuration: { ApplicationName: n.service, DeploymentGroupName: n.service },
              }
            : { name },
        ],
      })),
      executions: [
        creationTimeExecution('staging-exec-0', n.repository),
        deployed('staging-exec-1', commit, 30),
      ],
      approvals: [],
    };
    return { deploymentId };
  }

  it('is healthy by the task set serving production and its group; a CodeDeploy deployment still running is not', async () => {
    // staging's history, like dev's: v1 then v2 (qa runs v1, promoted earlier).
    const stagingV2 = shipCommit(monorepo.v2, shipCommit(monorepo.v1, null));
    setMain('staging', stagingV2);
    stagingRuns(stagingV2);
    const result = await promote('--from', 'staging', '--to', 'qa', '--yes', '--json');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ from: 'staging', to: 'qa', promoted: true });
    expect(json.plan.sourceProblems).toEqual([]);
    expect(treeOf('qa')).toBe(treeOf('staging', stagingV2));

    // A new deployment waits for its traffic reroute: staging is between two versions.
    setMain('qa', qaV1);
    const waiting = newDeploymentId();
    codedeploy.deployments.push({
      id: waiting,
      applicationName: names('staging').service,
      deploymentGroupName: names('staging').service,
      status: 'Ready',
      createTime: new Date(),
    });
    const refused = await promote('--from', 'staging', '--to', 'qa', '--yes');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('Error: Env staging is not healthy right now');
    expect(refused.stderr).toContain(`CodeDeploy deployment ${waiting}: waiting for traffic reroute`);
    expect(mainOf('qa')).toBe(qaV1);
  });
});
