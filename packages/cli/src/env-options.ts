import type { ResolveOptions } from '@challenge/infra/plan-and-apply';

export interface EnvFlagValues {
  env?: string | undefined;
  dir?: string | undefined;
  profile?: string | undefined;
}

/**
 * What the env flags say, and where each value came from: a value set by CHALLENGE_ENV or
 * CHALLENGE_TERRAFORM_DIR (the flags' `env` binding) gets fixes naming that variable, not the flag.
 * `given(name)` tells whether the flag itself was on the command line.
 */
export function envOptionsOf(flags: EnvFlagValues, given: (name: string) => boolean): ResolveOptions {
  return {
    env: flags.env,
    envFrom: flags.env !== undefined && !given('env') ? 'CHALLENGE_ENV' : 'flag',
    dir: flags.dir,
    dirFrom: flags.dir !== undefined && !given('dir') ? 'CHALLENGE_TERRAFORM_DIR' : 'flag',
    profile: flags.profile,
  };
}
