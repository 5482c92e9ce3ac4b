import type { Environment, RegionChoice } from '../environment/index.js';

/**
 * The environment terraform runs with for one env: its own data dir, no prompts, the run's AWS profile,
 * and — when the root has no region variable — the region the checks used, so Terraform uses it too.
 */
export function terraformProcessEnv(
  env: Environment,
  base: NodeJS.ProcessEnv = process.env,
  region?: RegionChoice,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {
    ...base,
    TF_DATA_DIR: env.dataDir,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  // A workspace chosen in the shell must not redirect this env's commands to another env's state.
  delete result['TF_WORKSPACE'];
  if (env.profile.source === 'flag' || env.profile.source === 'settings')
    result['AWS_PROFILE'] = env.profile.name;
  if (region?.region && region.variable === undefined) result['AWS_REGION'] = region.region;
  return result;
}
