import type { Environment } from '../environment/index.js';
import { ensureInitialized, type InitOptions } from './init.js';
import { runTerraform } from './run.js';

export interface TerraformOutput {
  value: unknown;
  type: unknown;
  sensitive: boolean;
}

export type TerraformOutputs = Record<string, TerraformOutput>;

/** The env's outputs, as `terraform output -json` gives them (initialising the env first if needed). */
export async function readOutputs(env: Environment, options: InitOptions = {}): Promise<TerraformOutputs> {
  await ensureInitialized(env, options);
  const { stdout } = await runTerraform(env, ['output', '-json'], { what: `output (env ${env.name})` });
  return JSON.parse(stdout || '{}') as TerraformOutputs;
}

/** Output values only, sensitive ones masked: for display. */
export function displayOutputs(outputs: TerraformOutputs): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [name, output.sensitive ? '(sensitive)' : output.value]),
  );
}
