import {
  ChallengeError,
  type Environment,
  openEnvironment,
  type ResolveOptions,
  readOutputs,
} from '@challenge/infra';

/** The env's pipeline name and region, from its Terraform outputs. */
export async function pipelineTarget(
  options: ResolveOptions,
): Promise<{ env: Environment; pipelineName: string; region: string; appUrl: string | undefined }> {
  const env = await openEnvironment(options);
  const outputs = await readOutputs(env);
  const pipelineName = outputs['pipeline_name']?.value;
  const region = outputs['region']?.value ?? env.settings.region;
  if (typeof pipelineName !== 'string' || typeof region !== 'string') {
    throw new ChallengeError(`Env ${env.name} has no pipeline_name/region outputs (has it been applied?).`, {
      code: 'NO_PIPELINE',
      hint: `Run \`challenge apply --env ${env.name}\` first.`,
    });
  }
  const appUrl = outputs['app_url']?.value;
  return { env, pipelineName, region, appUrl: typeof appUrl === 'string' ? appUrl : undefined };
}
