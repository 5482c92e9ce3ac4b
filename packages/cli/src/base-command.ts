import type { ResolveOptions } from '@challenge/infra';
import { Command, Errors } from '@oclif/core';
import type { CommandIo } from './command-io.js';
import { type EnvFlagValues, envOptionsOf } from './env-options.js';
import { asChallengeError, writeError } from './render/errors.js';

/** A parsed token of oclif's `raw` output: flags given on the command line (not from env or default). */
type RawToken = { type: string; flag?: string };

/**
 * Every command extends this: `--json` comes from oclif's enableJsonFlag, and every error — a library's
 * ChallengeError, a usage error, a file-system error — is rendered as "problem + fix" (or
 * `{error: {code, message, hint}}` with --json) with its exit code and no stack trace.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  /** Word-wraps this command's errors to the terminal's width (init's long, many-problem messages). */
  protected wrapErrors?: (text: string, prefix: string) => string;

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof Errors.ExitError) throw error;
    const flagNames = Object.keys((this.constructor as typeof Command).flags ?? {});
    const known = asChallengeError(error, this.id, flagNames);
    writeError(known, this.jsonEnabled(), this.wrapErrors);
    this.exit(known.exitCode);
  }

  /** See envOptionsOf: the env flags, and whether each came from the command line or its variable. */
  protected envOptions(flags: EnvFlagValues, raw: readonly RawToken[]): ResolveOptions {
    return envOptionsOf(flags, (name) => raw.some((token) => token.type === 'flag' && token.flag === name));
  }

  /** Where a flow writes: oclif's log (silent under --json) and the --json switch. */
  protected io(): CommandIo {
    return { json: this.jsonEnabled(), log: (text) => this.log(text) };
  }
}
