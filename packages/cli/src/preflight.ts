import { assertPreflight, type Environment, runAwsPreflight } from '@challenge/infra';
import { Flags } from '@oclif/core';

export const skipPreflightFlag = {
  'skip-preflight': Flags.boolean({
    description: 'Do not check AWS (credentials, key pair, buckets) before Terraform runs.',
  }),
};

/** Runs the AWS preflight of an env and stops the command before Terraform when a check fails. */
export async function preflight(
  env: Environment,
  options: { skip: boolean; log: (line: string) => void },
): Promise<void> {
  if (options.skip) return;
  const results = await runAwsPreflight(env);
  for (const result of results) options.log(`${result.ok ? '✓' : '✗'} ${result.name}: ${result.detail}`);
  assertPreflight(results);
}
