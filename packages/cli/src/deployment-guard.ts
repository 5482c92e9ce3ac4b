import { readFile } from 'node:fs/promises';
import {
  ChallengeError,
  type Environment,
  findActiveCodeDeployDeployment,
  readOutputs,
} from '@challenge/infra/plan-and-apply';

/** What a deployment in each active status is doing. */
const WHAT_IT_DOES: Record<string, string> = {
  Ready: 'waiting for the traffic reroute',
  Baking: 'keeping the old tasks before it ends',
  InProgress: 'replacing the tasks or moving traffic',
  Queued: 'queued',
  Created: 'starting',
};

/** What the env's tfvars choose; a plan/apply of a rolling env never reads its outputs for this. */
async function declaresBlueGreen(env: Environment): Promise<boolean> {
  try {
    const values = JSON.parse(await readFile(env.tfvarsPath, 'utf8')) as Record<string, unknown>;
    return values['deployment_strategy'] === 'blue_green';
  } catch {
    return false;
  }
}

/**
 * Refuses plan/apply/destroy of a blue/green env while a CodeDeploy deployment runs: CodeDeploy owns the
 * listeners and task sets until it ends (waiting for the reroute, or the wait before blue is terminated),
 * and a Terraform run in between fights it. Asks CodeDeploy (ListDeployments, active statuses only, and
 * GetDeployment, infra's small check: plan/apply/destroy run without the delivery library); the env's
 * outputs name the application and group, so an env never applied (no outputs) has nothing to check.
 */
export async function refuseDuringBlueGreenDeployment(env: Environment, command: string): Promise<void> {
  if (!(await declaresBlueGreen(env))) return;
  const outputs = await readOutputs(env);
  const output = (name: string) => {
    const value = outputs[name]?.value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const application = output('codedeploy_application_name');
  const group = output('codedeploy_deployment_group_name');
  const region = output('region') ?? env.settings.region;
  if (!application || !group || !region) return;
  const running = await findActiveCodeDeployDeployment(
    { profile: env.profile.name, region, account: env.settings.awsAccountId },
    { application, group },
  );
  if (!running) return;
  throw new ChallengeError(
    `CodeDeploy deployment ${running.id} of env ${env.name} is ${running.status} (${WHAT_IT_DOES[running.status] ?? 'running'}): it owns the production listener and the service's task sets until it ends, and a Terraform ${command} now would fight it.`,
    {
      code: 'DEPLOYMENT_IN_PROGRESS',
      hint: `Let it end first: \`challenge approve --env ${env.name} --continue --follow\` moves production traffic to the new tasks (when it waits for the reroute), or \`challenge rollback --env ${env.name}\` stops it and keeps the old ones; then run \`challenge ${command} --env ${env.name}\` again.`,
    },
  );
}
