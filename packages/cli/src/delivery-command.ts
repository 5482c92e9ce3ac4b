import type { Diagnosis } from '@challenge/delivery';
import type { ChallengeError } from '@challenge/infra';
import { BaseCommand } from './base-command.js';
import { diagnosisLines } from './render/diagnosis.js';
import { errorJson } from './render/errors.js';

/** Delivery commands: progress lines unless --json, and failures reported with their diagnosis. */
export abstract class DeliveryCommand extends BaseCommand {
  protected say(line: string): void {
    if (!this.jsonEnabled()) this.log(line);
  }

  /**
   * Ends the command with `error` after showing why: the diagnosis as text before the error, or, with
   * --json, one object: the `{error: {code, message, hint}}` of every failure plus `diagnosis`.
   */
  protected failWithDiagnosis(
    error: ChallengeError,
    diagnoses: Diagnosis[],
    extra: Record<string, unknown> = {},
  ): never {
    if (this.jsonEnabled()) {
      this.logJson({
        error: errorJson(error),
        diagnosis: diagnoses,
        ...extra,
      });
      this.exit(error.exitCode);
    }
    for (const diagnosis of diagnoses) this.log(diagnosisLines(diagnosis).join('\n'));
    throw error;
  }
}
