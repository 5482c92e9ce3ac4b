import type { DeploymentGroupRef } from '@challenge/delivery';
import { ChallengeError } from '@challenge/infra';
import type { DeliveryEnv } from './env-outputs.js';

type DeploymentStrategy = 'rolling' | 'blue_green';

/** The env's deployment_strategy output; a stack from before blue/green has none and deploys rolling. */
function strategyOf(target: DeliveryEnv): DeploymentStrategy {
  return target.output('deployment_strategy') === 'blue_green' ? 'blue_green' : 'rolling';
}

/** The CodeDeploy application and group of a blue/green env, or undefined for a rolling one. */
export function blueGreenGroupOf(target: DeliveryEnv): DeploymentGroupRef | undefined {
  if (strategyOf(target) !== 'blue_green') return undefined;
  return {
    application: target.requireOutput('codedeploy_application_name', 'names the CodeDeploy application'),
    group: target.requireOutput('codedeploy_deployment_group_name', 'names the CodeDeploy deployment group'),
  };
}

/** The CodeDeploy group of an env that must be blue/green for what the user asked. */
export function requireBlueGreenGroup(target: DeliveryEnv, flag: string): DeploymentGroupRef {
  const ref = blueGreenGroupOf(target);
  if (!ref) {
    throw new ChallengeError(
      `Env ${target.env.name} deploys rolling (deployment_strategy = ${target.output('deployment_strategy') ?? 'rolling'}): ${flag} applies to blue/green deployments only.`,
      {
        code: 'NOT_BLUE_GREEN',
        hint: `Drop ${flag}, or set "deployment_strategy": "blue_green" in vars/${target.env.name}.tfvars.json and run \`challenge apply --env ${target.env.name}\`.`,
      },
    );
  }
  return ref;
}
