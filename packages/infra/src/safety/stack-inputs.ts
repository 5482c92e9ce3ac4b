import type { Environment } from '../environment/resolve.js';
import { readTfvarsFile } from '../tfvars/read-tfvars-file.js';
import { readVariables } from '../tfvars/read-variables.js';

/** A root variable's value for an env as Terraform takes it: tfvars, then TF_VAR_<name>, then its default. */
export async function stackInput(env: Environment, name: string): Promise<unknown> {
  const tfvars = await readTfvarsFile(env.tfvarsPath).catch(() => ({}) as Record<string, unknown>);
  if (tfvars[name] !== undefined) return tfvars[name];
  const fromEnv = process.env[`TF_VAR_${name}`];
  if (fromEnv !== undefined && fromEnv !== '') {
    try {
      return JSON.parse(fromEnv);
    } catch {
      return fromEnv;
    }
  }
  const variables = await readVariables(env.rootDir).catch(() => []);
  return variables.find((variable) => variable.name === name)?.default;
}

export async function declaresVariable(env: Environment, name: string): Promise<boolean> {
  const variables = await readVariables(env.rootDir).catch(() => []);
  return variables.some((variable) => variable.name === name);
}

/**
 * The stack's resource name prefix, as terraform/modules/naming computes it: `<project>-<env>` up to 20
 * characters (and not ending like "-pipeline" cut short), else its first 13 characters without a
 * trailing dash, a dash and 6 hex digits of its SHA-256.
 */
export async function stackPrefix(project: string, env: string): Promise<string> {
  const full = `${project}-${env}`;
  const lookalike = /-p(i(p(e(l(i(n(e)?)?)?)?)?)?)?$/.test(full);
  if (full.length <= 20 && !lookalike) return full;
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  return `${full.slice(0, 13).replace(/-+$/, '')}-${hash}`;
}
