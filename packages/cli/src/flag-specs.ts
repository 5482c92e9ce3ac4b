/**
 * The shared flags as plain data. oclif's definitions (flags.ts) are made from these, and so is the
 * oclif-free path of plan/apply/destroy (fast-path.ts), which must read a command line exactly as oclif
 * does: same names, short forms, environment variables and defaults.
 */
export const FLAG_SPECS = {
  env: {
    type: 'string',
    char: 'e',
    description:
      'Environment name (lowercase letters, digits, dashes). Defaults to the only env of the root.',
    env: 'CHALLENGE_ENV',
  },
  dir: {
    type: 'string',
    description: 'Terraform root module folder. Defaults to terraform/ of the repository containing the cwd.',
    env: 'CHALLENGE_TERRAFORM_DIR',
  },
  profile: {
    type: 'string',
    description:
      'AWS profile for this run. Defaults to the profile saved by `challenge init`, else AWS_PROFILE, else the default credential chain.',
  },
  yes: {
    type: 'boolean',
    char: 'y',
    description: 'Answer yes to confirmations (required when not a TTY or CI=true).',
  },
  verbose: { type: 'boolean', char: 'v', description: "Stream Terraform's own output." },
  quiet: {
    type: 'boolean',
    char: 'q',
    description: 'Print only the result and errors (no preflight or progress lines).',
  },
  'lock-timeout': {
    type: 'string',
    description: 'How long to wait for the state lock (a Terraform duration: 0s, 90s, 5m, 1h30m).',
    default: '60s',
  },
  'skip-preflight': {
    type: 'boolean',
    description:
      'Do not check AWS (credentials, region, key pair, buckets, CodeCommit) before Terraform runs.',
  },
  'detailed-exitcode': { type: 'boolean', description: 'Exit 2 when the plan has changes (0 when none).' },
  'allow-data-loss': {
    type: 'boolean',
    description:
      'Apply even when the plan deletes or replaces data (the candidates table, an image repository, a bucket); --yes alone refuses such a plan.',
  },
  'skip-backup': {
    type: 'boolean',
    description:
      'Destroy the candidates table without taking an on-demand backup first (its items are lost).',
  },
  check: {
    type: 'boolean',
    description:
      'Destroy nothing: only report what the env still has in AWS (tagged resources, log groups, artifacts, backups, state).',
  },
  strict: {
    type: 'boolean',
    description:
      'Exit 1 when the leftovers report finds anything besides what is kept on purpose (backups, the state object).',
  },
  'codecommit-unverified': {
    type: 'boolean',
    description:
      'Go on although the AWS preflight cannot confirm that CodeCommit is open to this account (its region has no repository; AWS closed CodeCommit to new customers in July 2024).',
  },
} as const;

export type FlagName = keyof typeof FLAG_SPECS;

/** The flags of plan, apply and destroy (besides --json, which every command has). */
export const TERRAFORM_COMMAND_FLAGS = {
  plan: [
    'env',
    'dir',
    'profile',
    'verbose',
    'quiet',
    'lock-timeout',
    'skip-preflight',
    'codecommit-unverified',
    'detailed-exitcode',
  ],
  apply: [
    'env',
    'dir',
    'profile',
    'verbose',
    'quiet',
    'lock-timeout',
    'skip-preflight',
    'codecommit-unverified',
    'yes',
    'allow-data-loss',
  ],
  destroy: [
    'env',
    'dir',
    'profile',
    'verbose',
    'quiet',
    'lock-timeout',
    'yes',
    'skip-backup',
    'check',
    'strict',
  ],
} as const satisfies Record<string, readonly FlagName[]>;

export type TerraformCommandName = keyof typeof TERRAFORM_COMMAND_FLAGS;
