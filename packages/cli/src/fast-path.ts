import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CommandIo, CommandOutcome } from './command-io.js';
import { envOptionsOf } from './env-options.js';
import {
  FLAG_SPECS,
  type FlagName,
  TERRAFORM_COMMAND_FLAGS,
  type TerraformCommandName,
} from './flag-specs.js';
import { toChallengeError, writeError } from './render/error-output.js';
import { writeStdout } from './render/stdio.js';
import type { TerraformRunFlags } from './terraform-flow.js';

/**
 * `challenge plan|apply|destroy` without oclif. Loading oclif and its command machinery costs as much as
 * the one `terraform plan` a no-change apply runs (`pnpm bench` measures both), so bin/run.js offers
 * these three commands here first. Only a command line this module reads exactly as oclif would
 * (flags it knows, each once, no arguments) is run here; anything else — --help, a typo, `--`, grouped
 * short flags — is left to oclif, which gives its own answer or usage error. What runs is the same
 * flow the oclif commands call (terraform-runs.ts), with the same rendering of results and errors.
 */

/** The flags of plan, apply and destroy, as their oclif commands receive them. */
export interface TerraformCommandFlags extends TerraformRunFlags {
  env: string | undefined;
  dir: string | undefined;
  profile: string | undefined;
  'detailed-exitcode'?: boolean;
}

export interface ParsedCommandLine {
  command: TerraformCommandName;
  flags: TerraformCommandFlags;
  /** Flags given on the command line (not filled from their environment variable or default). */
  given: ReadonlySet<string>;
  json: boolean;
}

function isTerraformCommand(name: string | undefined): name is TerraformCommandName {
  return name !== undefined && Object.hasOwn(TERRAFORM_COMMAND_FLAGS, name);
}

/** node's parseArgs, strict: undefined for an unknown flag, a missing value or an argument. */
function strictParse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false, tokens: true });
  } catch {
    return undefined;
  }
}

/** The command line as oclif would read it, or undefined when oclif should read it. */
export function parseTerraformCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ParsedCommandLine | undefined {
  const [command, ...rest] = argv;
  if (!isTerraformCommand(command)) return undefined;
  // oclif also turns --json on through CHALLENGE_CONTENT_TYPE, and prints its own traces under DEBUG.
  if (env['CHALLENGE_CONTENT_TYPE'] !== undefined || env['DEBUG'] !== undefined) return undefined;
  const names: readonly FlagName[] = TERRAFORM_COMMAND_FLAGS[command];
  const options: NonNullable<ParseArgsConfig['options']> = { json: { type: 'boolean' } };
  for (const name of names) {
    const spec = FLAG_SPECS[name];
    options[name] = 'char' in spec ? { type: spec.type, short: spec.char } : { type: spec.type };
  }
  const parsed = strictParse(rest, options);
  if (!parsed) return undefined;
  const { tokens, values } = parsed;
  const given = new Set<string>();
  const indexes = new Set<number>();
  for (const token of tokens) {
    if (token.kind !== 'option') return undefined; // `--` or an argument
    // Each flag once, each in its own word: oclif's readings of `-yv`, `-emock` or a repeat differ in detail.
    if (given.has(token.name) || indexes.has(token.index)) return undefined;
    if (!token.rawName.startsWith('--') && token.inlineValue) return undefined;
    if (token.value === '') return undefined;
    given.add(token.name);
    indexes.add(token.index);
  }
  const value = (name: FlagName): string | boolean | undefined => {
    const spec = FLAG_SPECS[name];
    const fromLine = values[name];
    if (spec.type === 'boolean') return fromLine === true;
    if (typeof fromLine === 'string') return fromLine;
    // As oclif: a flag's variable counts when the flag is absent and the variable is not empty.
    if ('env' in spec && env[spec.env]) return env[spec.env];
    return 'default' in spec ? spec.default : undefined;
  };
  const text = (name: FlagName) => {
    const found = value(name);
    return typeof found === 'string' ? found : undefined;
  };
  const has = (name: FlagName) => names.includes(name);
  const flags: TerraformCommandFlags = {
    env: text('env'),
    dir: text('dir'),
    profile: text('profile'),
    verbose: value('verbose') === true,
    ...(has('quiet') && { quiet: value('quiet') === true }),
    'lock-timeout': text('lock-timeout') ?? FLAG_SPECS['lock-timeout'].default,
    ...(has('yes') && { yes: value('yes') === true }),
    ...(has('skip-preflight') && { 'skip-preflight': value('skip-preflight') === true }),
    ...(has('codecommit-unverified') && {
      'codecommit-unverified': value('codecommit-unverified') === true,
    }),
    ...(has('detailed-exitcode') && { 'detailed-exitcode': value('detailed-exitcode') === true }),
    ...(has('allow-data-loss') && { 'allow-data-loss': value('allow-data-loss') === true }),
    ...(has('skip-backup') && { 'skip-backup': value('skip-backup') === true }),
    ...(has('check') && { check: value('check') === true }),
    ...(has('strict') && { strict: value('strict') === true }),
  };
  return { command, flags, given, json: values['json'] === true };
}

/** stdout as oclif's `log` and `logJson` write it. */
function stdoutIo(json: boolean): CommandIo {
  return {
    json,
    log: (text) => {
      if (!json) writeStdout(`${text}\n`);
    },
  };
}

/**
 * Runs plan, apply or destroy when `parseTerraformCommandLine` reads the command line; returns false,
 * having done nothing, when oclif should run it instead.
 */
export async function runWithoutOclif(argv: readonly string[]): Promise<boolean> {
  const parsed = parseTerraformCommandLine(argv, process.env);
  if (!parsed) return false;
  const { command, flags, given, json } = parsed;
  const io = stdoutIo(json);
  try {
    const runs = await import('./terraform-runs.js');
    const run: Record<TerraformCommandName, typeof runs.runPlan> = {
      plan: runs.runPlan,
      apply: runs.runApply,
      destroy: runs.runDestroy,
    };
    const outcome: CommandOutcome = await run[command](
      flags,
      envOptionsOf(flags, (name) => given.has(name)),
      io,
    );
    if (json) writeStdout(`${JSON.stringify(outcome.result, null, 2)}\n`);
    if (outcome.exitCode !== undefined) process.exitCode = outcome.exitCode;
  } catch (error) {
    const known = toChallengeError(error, command);
    writeError(known, json);
    process.exitCode = known.exitCode;
  }
  return true;
}
