import { Flags } from '@oclif/core';

/** Flags shared by every command that works on one environment of a Terraform root. */
export const envFlags = {
  env: Flags.string({
    char: 'e',
    description:
      'Environment name (lowercase letters, digits, dashes). Defaults to the only env of the root.',
    env: 'CHALLENGE_ENV',
  }),
  dir: Flags.string({
    description: 'Terraform root module folder. Defaults to terraform/ of the repository containing the cwd.',
    env: 'CHALLENGE_TERRAFORM_DIR',
  }),
  profile: Flags.string({
    description:
      'AWS profile for this run. Defaults to the profile saved by `challenge init`, else AWS_PROFILE, else the default credential chain.',
  }),
};

export const yesFlag = {
  yes: Flags.boolean({
    char: 'y',
    description: 'Answer yes to confirmations (required when not a TTY or CI=true).',
  }),
};

export const verboseFlag = {
  verbose: Flags.boolean({ char: 'v', description: "Stream Terraform's own output." }),
};

export const lockTimeoutFlag = {
  'lock-timeout': Flags.string({
    description: 'How long to wait for the state lock (a Terraform duration: 0s, 90s, 5m, 1h30m).',
    default: '60s',
  }),
};
