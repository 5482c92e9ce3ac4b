import type { AwsSession } from '../aws/session.js';
import type { Environment } from '../environment/resolve.js';
import { rootConfigOf } from '../environment/root-config.js';
import { resolveRegion } from '../environment/stack-region.js';
import { ChallengeError } from '../errors.js';
import { readBackendFile } from '../init/backend-file.js';
import { applyPlan } from '../terraform/apply.js';
import type { PlanConsequence } from '../terraform/consequences.js';
import { createPlan, type PlanOptions, type PlanResult } from '../terraform/plan.js';
import type { LeftoverScope } from './leftovers.js';
import { declaresVariable, stackInput, stackPrefix } from './stack-inputs.js';

/** The root variable that turns the candidates table's deletion protection on and off. */
export const PROTECTION_VARIABLE = 'dynamodb_deletion_protection';

/** The env's AWS session: its profile, and the region Terraform deploys it to. */
export async function envSession(env: Environment): Promise<AwsSession> {
  const { region, from } = await resolveRegion(env);
  if (!region) {
    throw new ChallengeError(`No AWS region for env ${env.name}: ${from}.`, {
      hint: `Set "region" in vars/${env.name}.tfvars.json or export AWS_REGION.`,
    });
  }
  return { profile: env.profile.name, region };
}

/** The DynamoDB tables a plan deletes (or replaces), with their names in AWS. */
export function tablesLost(plan: PlanResult): Array<PlanConsequence & { name: string }> {
  return plan.consequences.filter(
    (c): c is PlanConsequence & { name: string } =>
      c.kind === 'data-loss' && c.type === 'aws_dynamodb_table' && typeof c.name === 'string',
  );
}

/**
 * Turns deletion protection off on the protected tables through Terraform (so the state agrees): a
 * plan of only those tables with `-var=dynamodb_deletion_protection=false`, applied. AWS refuses
 * DeleteTable while the protection is on.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 */
export async function liftDeletionProtection(
  env: Environment,
  tables: readonly PlanConsequence[],
  options: Pick<PlanOptions, 'lockTimeout' | 'rerun' | 'onOutput'>,
): Promise<Record<string, string>> {
  const vars = { [PROTECTION_VARIABLE]: 'false' };
  const protectedTables = tables.filter((table) => table.deletionProtected);
  if (protectedTables.length === 0) return {};
  if (!(await declaresVariable(env, PROTECTION_VARIABLE))) {
    throw new ChallengeError(
      `Table ${protectedTables.map((t) => t.name ?? t.address).join(', ')} is deletion-protected and the root declares no "${PROTECTION_VARIABLE}" variable to lift it: nothing was destroyed.`,
      { hint: 'Set deletion_protection_enabled = false on the table, apply, then destroy.' },
    );
  }
  const plan = await createPlan(env, {
    ...options,
    vars,
    targets: protectedTables.map((table) => table.address),
  });
  if (plan.hasChanges) await applyPlan(env, plan, { lockTimeout: options.lockTimeout, rerun: options.rerun });
  return vars;
}

/** Whether the env's root deploys to AWS at all (else there is nothing to look for there). */
export async function deploysToAws(env: Environment): Promise<boolean> {
  return (await rootConfigOf(env)).usesAws;
}

/** Where the leftovers of an env are: its tags, names and buckets, as the stack derives them. */
export async function leftoverScope(env: Environment): Promise<LeftoverScope> {
  const tags = await stackInput(env, 'tags');
  const project = await stackInput(env, 'project_name');
  const prefix = await stackPrefix(typeof project === 'string' ? project : 'challenge', env.name);
  const bucket = await stackInput(env, 'artifact_store');
  const scope: LeftoverScope = {
    tags:
      tags && typeof tags === 'object'
        ? Object.fromEntries(
            Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
          )
        : {},
    logGroupPrefixes: [`/ecs/${prefix}/`, `/codebuild/${prefix}-`],
    artifacts:
      typeof bucket === 'string' && bucket !== ''
        ? { bucket, prefix: `${`${prefix}-pipeline`.slice(0, 20)}/` }
        : undefined,
    table: `${prefix}-candidates`,
  };
  if (!env.backendConfigPath) return scope;
  const backend = await readBackendFile(env.backendConfigPath).catch(() => ({}) as Record<string, string>);
  if (backend['bucket'] && backend['key'])
    scope.state = { bucket: backend['bucket'], key: backend['key'], region: backend['region'] };
  return scope;
}

/**
 * Loads the AWS SDK clients destroy calls, before Terraform runs. Loaded after a Terraform run in the
 * same process, Node resolved a client by its symlinked path under packages/infra/node_modules (not its
 * real path in the pnpm store) and could not find the client's own dependencies (seen with
 * @aws-sdk/client-dynamodb on Node 20); loaded first, they resolve as usual.
 */
export async function loadDestroyClients(): Promise<void> {
  await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-resource-groups-tagging-api'),
    import('@aws-sdk/client-cloudwatch-logs'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-sts'),
  ]);
}
