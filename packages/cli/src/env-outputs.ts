import { type AwsClients, awsClients } from '@challenge/delivery';
import {
  ChallengeError,
  type Environment,
  openEnvironment,
  type ResolveOptions,
  readOutputs,
} from '@challenge/infra';

/** An env's Terraform outputs as the delivery commands read them, with one AWS client set for its region/profile. */
export interface DeliveryEnv {
  env: Environment;
  region: string;
  clients: AwsClients;
  /** A string output, or undefined when the stack has none (an older stack, or not applied). */
  output(name: string): string | undefined;
  /** A string output the command cannot do without: a clear error naming it when missing. */
  requireOutput(name: string, purpose: string): string;
}

/**
 * Opens the env as every env command does (ready: initialised, its profile known, before Terraform runs)
 * and reads its outputs.
 */
export async function deliveryEnv(options: ResolveOptions): Promise<DeliveryEnv> {
  return deliveryEnvOf(await openEnvironment(options));
}

/** The outputs of an env already opened (checked ready) with `openEnvironment`. */
export async function deliveryEnvOf(env: Environment): Promise<DeliveryEnv> {
  const outputs = await readOutputs(env);
  const output = (name: string) => {
    const value = outputs[name]?.value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const region = output('region') ?? env.settings.region;
  if (!region) {
    throw new ChallengeError(`Env ${env.name} has no region output and no region in its settings.`, {
      code: 'NO_REGION',
      hint: `Run \`challenge init --env ${env.name}\` to pick one, then \`challenge apply --env ${env.name}\`.`,
    });
  }
  return {
    env,
    region,
    clients: awsClients({ region, profile: env.profile.name }),
    output,
    requireOutput(name, purpose) {
      const value = output(name);
      if (value === undefined && Object.keys(outputs).length === 0) {
        throw new ChallengeError(`Env ${env.name} has nothing deployed yet: it has no Terraform outputs.`, {
          code: 'NOTHING_DEPLOYED',
          hint: `Run \`challenge apply --env ${env.name}\` first.`,
        });
      }
      if (value === undefined) {
        throw new ChallengeError(`Env ${env.name} has no ${name} output, which ${purpose}.`, {
          code: 'MISSING_OUTPUT',
          hint: `Run \`challenge apply --env ${env.name}\` (the stack publishes ${name} once applied with the current terraform/).`,
        });
      }
      return value;
    },
  };
}
