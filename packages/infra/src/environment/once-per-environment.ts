import type { Environment } from './resolve.js';

/**
 * `compute(env)` at most once per opened env: a command's steps (readiness check, preflight, init, each
 * terraform run) all ask for the env's root config, region and the AWS resources its files name. With
 * `forgetFailures` a rejected answer is dropped, so a later ask computes again.
 */
export function oncePerEnvironment<T>(
  compute: (env: Environment) => Promise<T>,
  options: { forgetFailures?: boolean } = {},
): (env: Environment) => Promise<T> {
  const answers = new WeakMap<Environment, Promise<T>>();
  return (env) => {
    let pending = answers.get(env);
    if (!pending) {
      pending = compute(env);
      answers.set(env, pending);
      if (options.forgetFailures) pending.catch(() => answers.delete(env));
    }
    return pending;
  };
}
