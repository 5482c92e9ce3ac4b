import { Flags } from '@oclif/core';
import { FLAG_SPECS } from './flag-specs.js';

/** A spec's oclif options (oclif's Flags.string/boolean say the type themselves). */
function options<T extends { type: string }>(spec: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = spec;
  return rest;
}

/** Flags shared by every command that works on one environment of a Terraform root. */
export const envFlags = {
  env: Flags.string(options(FLAG_SPECS.env)),
  dir: Flags.string(options(FLAG_SPECS.dir)),
  profile: Flags.string(options(FLAG_SPECS.profile)),
};

export const yesFlag = { yes: Flags.boolean(options(FLAG_SPECS.yes)) };

const verboseFlag = {
  verbose: Flags.boolean(options(FLAG_SPECS.verbose)),
  quiet: Flags.boolean(options(FLAG_SPECS.quiet)),
};

export const lockTimeoutFlag = { 'lock-timeout': Flags.string(options(FLAG_SPECS['lock-timeout'])) };

export const skipPreflightFlag = {
  'skip-preflight': Flags.boolean(options(FLAG_SPECS['skip-preflight'])),
  'codecommit-unverified': Flags.boolean(options(FLAG_SPECS['codecommit-unverified'])),
};

export const detailedExitcodeFlag = {
  'detailed-exitcode': Flags.boolean(options(FLAG_SPECS['detailed-exitcode'])),
};

export const allowDataLossFlag = {
  'allow-data-loss': Flags.boolean(options(FLAG_SPECS['allow-data-loss'])),
};

/** destroy's own: the table's backup and the leftovers report. */
export const destroyFlags = {
  'skip-backup': Flags.boolean(options(FLAG_SPECS['skip-backup'])),
  check: Flags.boolean(options(FLAG_SPECS.check)),
  strict: Flags.boolean(options(FLAG_SPECS.strict)),
};

/** What plan, apply and destroy share. */
export const terraformFlags = { ...envFlags, ...verboseFlag, ...lockTimeoutFlag };
