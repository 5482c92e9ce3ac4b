import { ChallengeError, isChallengeError } from '@challenge/infra';
import { Command, Errors } from '@oclif/core';

/**
 * Every command extends this: `--json` comes from oclif's enableJsonFlag, and a ChallengeError
 * thrown by a library is rendered as "problem + fix" with its exit code and no stack trace.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (isChallengeError(error)) {
      if (this.jsonEnabled()) {
        this.logJson({ error: { code: error.code, message: error.message, hint: error.hint ?? null } });
      } else {
        process.stderr.write(`Error: ${error.message}\n`);
        if (error.hint) process.stderr.write(`Fix: ${error.hint}\n`);
      }
      this.exit(error.exitCode);
    }
    if (error instanceof Errors.ExitError) throw error;
    return super.catch(error);
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
