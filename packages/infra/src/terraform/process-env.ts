import type { Environment } from '../environment/index.js';

/** The environment terraform runs with for one env: its own data dir, no prompts, the env's AWS profile. */
export function terraformProcessEnv(
  env: Environment,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {
    ...base,
    TF_DATA_DIR: env.dataDir,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  // A workspace chosen in the shell must not redirect this env's commands to another env's state.
  delete result['TF_WORKSPACE'];
  if (env.settings.awsProfile) result['AWS_PROFILE'] = env.settings.awsProfile;
  return result;
}
