import { oncePerEnvironment } from '../environment/once-per-environment.js';
import type { Environment } from '../environment/resolve.js';
import { type RootConfig, rootConfigOf } from '../environment/root-config.js';
import { readBackendFile } from '../init/backend-file.js';
import { readTfvarsFile } from '../tfvars/read-tfvars-file.js';

/** The AWS resources an env's files name, which the preflight checks before Terraform runs. */
export interface AwsResourcesNamed {
  keyPair: string | undefined;
  stateBucket: string | undefined;
  artifactBucket: string | undefined;
  codeCommit: boolean;
  /** The backend settings file's values (its region is the state bucket's). */
  backend: Record<string, string>;
  rootConfig: RootConfig;
  /** vars/E.tfvars.json exists but cannot be read or parsed: what it names (and its region) is unknown. */
  tfvarsUnreadable: boolean;
  /** Whether any of the above is named: the checks (and Terraform) then need a region. */
  any: boolean;
}

const named = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Read once per env (like its root config and region): the preflight and every terraform run ask. */
export const awsResourcesNamed = oncePerEnvironment(readAwsResourcesNamed);

async function readAwsResourcesNamed(env: Environment): Promise<AwsResourcesNamed> {
  let tfvarsUnreadable = false;
  const [tfvars, backend, rootConfig] = await Promise.all([
    readTfvarsFile(env.tfvarsPath).catch(() => {
      tfvarsUnreadable = true;
      return {} as Record<string, unknown>;
    }),
    env.backendConfigPath
      ? readBackendFile(env.backendConfigPath)
      : Promise.resolve({} as Record<string, string>),
    rootConfigOf(env),
  ]);
  const resources = {
    keyPair: named(tfvars['ec2_key_pair_name']),
    stateBucket: backend['bucket'],
    artifactBucket: named(tfvars['artifact_store']),
    codeCommit: rootConfig.usesCodeCommit,
  };
  return {
    ...resources,
    backend,
    rootConfig,
    tfvarsUnreadable,
    any: Boolean(
      resources.keyPair || resources.stateBucket || resources.artifactBucket || resources.codeCommit,
    ),
  };
}
