import { ChallengeError, type ResolveOptions } from '@challenge/infra';
import { Command, Errors } from '@oclif/core';
import { asChallengeError, writeError } from './render/errors.js';

interface EnvFlagValues {
  env?: string | undefined;
  dir?: string | undefined;
  profile?: string | undefined;
}

/** A parsed token of oclif's `raw` output: flags given on the command line (not from env or default). */
type RawToken = { type: string; flag?: string };

/**
 * Every command extends this: `--json` comes from oclif's enableJsonFlag, and every error — a library's
 * ChallengeError, a usage error, a file-system error — is rendered as "problem + fix" (or
 * `{error: {code, message, hint}}` with --json) with its exit code and no stack trace.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof Errors.ExitError) throw error;
    const known = asChallengeError(error, this.id);
    writeError(known, this.jsonEnabled());
    this.exit(known.exitCode);
  }

  /**
   * What the env flags say, and where each value came from: a value set by CHALLENGE_ENV or
   * CHALLENGE_TERRAFORM_DIR (oclif's `env:` binding) gets fixes naming that variable, not the flag.
   */
  protected envOptions(flags: EnvFlagValues, raw: readonly RawToken[]): ResolveOptions {
    const given = (name: string) => raw.some((token) => token.type === 'flag' && token.flag === name);
    return {
      env: flags.env,
      envFrom: flags.env !== undefined && !given('env') ? 'CHALLENGE_ENV' : 'flag',
      dir: flags.dir,
      dirFrom: flags.dir !== undefined && !given('dir') ? 'CHALLENGE_TERRAFORM_DIR' : 'flag',
      profile: flags.profile,
    };
  }

  /** Fails (with the fix) unless the given condition allows a prompt. */
  protected requireFlagWhenNonInteractive(flagName: string, interactive: boolean): void {
    if (!interactive) {
      throw new ChallengeError(`Cannot ask for confirmation: stdin is not a terminal or CI is set.`, {
        hint: `Pass ${flagName} to proceed without a prompt.`,
      });
    }
  }
}
