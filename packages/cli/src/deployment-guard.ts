import { readFile } from 'node:fs/promises';
import { ChallengeError, type Environment, readOutputs } from '@challenge/infra/plan-and-apply';

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
 * GetDeployment) through the delivery library; the env's outputs name the application and group, so an env
 * never applied (no outputs) has nothing to check.
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
  const { awsClients, findActiveDeployment, PHASE_LABELS } = await import('@challenge/delivery');
  let running: Awaited<ReturnType<typeof findActiveDeployment>>;
  try {
    running = await findActiveDeployment(awsClients({ region, profile: env.profile.name }), {
      application,
      group,
    });
  } catch (error) {
    // Errors of the delivery library come from its own copy of the error class: keep message and fix.
    const { hint, code } = error as { hint?: string; code?: string };
    throw new ChallengeError(
      `Cannot check for a running CodeDeploy deployment of env ${env.name} (${application}/${group}): ${(error as Error).message}`,
      {
        code: code ?? 'DEPLOYMENT_CHECK_FAILED',
        hint:
          hint ??
          `Check the AWS profile and region of env ${env.name}, then run \`challenge ${command} --env ${env.name}\` again.`,
      },
    );
  }
  if (!running) return;
  throw new ChallengeError(
    `CodeDeploy deployment ${running.id} of env ${env.name} is ${running.status} (${PHASE_LABELS[running.phase]}): it owns the production listener and the service's task sets until it ends, and a Terraform ${command} now would fight it.`,
    {
      code: 'DEPLOYMENT_IN_PROGRESS',
      hint: `Let it end first: \`challenge approve --env ${env.name} --continue --follow\` moves production traffic to the new tasks (when it waits for the reroute), or \`challenge rollback --env ${env.name}\` stops it and keeps the old ones; then run \`challenge ${command} --env ${env.name}\` again.`,
    },
  );
}
