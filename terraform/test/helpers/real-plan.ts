import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ec2AvailabilityZonesHandler,
  ecsHandler,
  elbv2Handler,
  type FakeAws,
  type FakeEcsService,
  type FakeEcsTaskDefinition,
  type FakeListener,
  repoRoot,
  type ShownPlan,
  ssmHandler,
  startFakeAws,
  stsHandler,
  terraformEnv,
} from '@challenge/testkit';

const run = promisify(execFile);
const AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';
export const PLANNED_AMI = 'ami-0fedcba9876543210';

export interface PlannedResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

/** A temp copy of terraform/ with a local backend, initialised, and a loopback fake AWS account. */
export interface RealPlanRoot {
  /** The temp copy of terraform/. */
  dir: string;
  fake: FakeAws;
  /** What the loopback account holds; a test fills these to model "after the pipeline deployed". */
  parameters: Record<string, string>;
  services: FakeEcsService[];
  taskDefinitions: FakeEcsTaskDefinition[];
  /** The load balancer's listeners as ELBv2 describes them (e.g. after CodeDeploy rerouted production). */
  listeners: FakeListener[];
  terraform(args: string[]): Promise<string>;
  /**
   * Plans the root with vars/mock.tfvars.json in `workspace`, returning every planned resource. A plan of
   * the same workspace, arguments and fake account contents is planned once per file (a full plan takes
   * tens of seconds); `fresh` plans again, for a test that inspects the requests the plan sends.
   */
  planIn(workspace: string, extraArgs?: string[], options?: { fresh?: boolean }): Promise<PlannedResource[]>;
  /** `terraform show -json` of the same (cached) plan as planIn. */
  shownPlanIn(workspace: string, extraArgs?: string[]): Promise<ShownPlan>;
  close(): Promise<void>;
}

export interface RealPlanOptions {
  /**
   * Terraform override files (path relative to terraform/ → content) written into the copy, e.g. to give
   * resources named by AWS at apply (name_prefix) a name a plan can show.
   */
  overrides?: Record<string, string>;
}

export async function startRealPlanRoot(options: RealPlanOptions = {}): Promise<RealPlanRoot> {
  const parameters: Record<string, string> = { [AMI_PARAMETER]: PLANNED_AMI };
  const services: FakeEcsService[] = [];
  const taskDefinitions: FakeEcsTaskDefinition[] = [];
  const listeners: FakeListener[] = [];
  const fake = await startFakeAws({
    handlers: {
      sts: stsHandler(),
      ec2: ec2AvailabilityZonesHandler(),
      ssm: ssmHandler(parameters),
      ecs: ecsHandler({ services, taskDefinitions }),
      elasticloadbalancing: elbv2Handler({}, listeners),
    },
  });
  const root = await mkdtemp(join(tmpdir(), 'challenge-real-plan-'));
  await cp(join(repoRoot(), 'terraform'), root, {
    recursive: true,
    filter: (source) =>
      !source.includes(`${join('terraform', '.terraform')}`) && !source.endsWith('node_modules'),
  });
  // The real root has a partial S3 backend; a plan in a temp copy keeps its state locally.
  await writeFile(join(root, 'backend_override.tf'), 'terraform {\n  backend "local" {}\n}\n');
  for (const [path, content] of Object.entries(options.overrides ?? {})) {
    await writeFile(join(root, path), content);
  }

  const terraform = async (args: string[]): Promise<string> => {
    const { stdout } = await run('terraform', args, {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
      env: terraformEnv({
        AWS_ENDPOINT_URL: fake.url,
        AWS_ACCESS_KEY_ID: 'AKIDPLAN',
        AWS_SECRET_ACCESS_KEY: 'plan-secret',
        AWS_EC2_METADATA_DISABLED: 'true',
        // Inside the plan's own temp copy, where no such file is.
        AWS_CONFIG_FILE: join(root, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
        TF_DATA_DIR: join(root, '.terraform'),
      }),
    });
    return stdout;
  };
  await terraform(['init', '-input=false', '-no-color']);

  type Module = { resources?: PlannedResource[]; child_modules?: Module[] };
  const collect = (module: Module): PlannedResource[] => [
    ...(module.resources ?? []),
    ...(module.child_modules ?? []).flatMap(collect),
  ];
  const planned = new Map<string, ShownPlan>();
  const shownPlan = async (workspace: string, extraArgs: string[], fresh: boolean): Promise<ShownPlan> => {
    const key = JSON.stringify([workspace, extraArgs, parameters, services, taskDefinitions, listeners]);
    const known = fresh ? undefined : planned.get(key);
    if (known) return structuredClone(known);
    const plan = await planFresh(workspace, extraArgs);
    planned.set(key, plan);
    return structuredClone(plan);
  };
  const planIn = async (
    workspace: string,
    extraArgs: string[] = [],
    options: { fresh?: boolean } = {},
  ): Promise<PlannedResource[]> => {
    const plan = await shownPlan(workspace, extraArgs, options.fresh === true);
    return collect(plan.planned_values.root_module as Module);
  };
  const planFresh = async (workspace: string, extraArgs: string[]): Promise<ShownPlan> => {
    await terraform(['workspace', 'select', '-or-create', workspace]);
    await terraform([
      'plan',
      '-input=false',
      '-no-color',
      '-var-file=vars/mock.tfvars.json',
      ...extraArgs,
      `-out=${workspace}.tfplan`,
    ]);
    return JSON.parse(await terraform(['show', '-json', `${workspace}.tfplan`])) as ShownPlan;
  };

  return {
    dir: root,
    fake,
    parameters,
    services,
    taskDefinitions,
    listeners,
    terraform,
    planIn,
    shownPlanIn: (workspace, extraArgs = []) => shownPlan(workspace, extraArgs, false),
    close: async () => {
      await fake.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The planned resource at an address; a missing one fails the test with its address. */
export function byAddress(resources: PlannedResource[], address: string): PlannedResource {
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
}
