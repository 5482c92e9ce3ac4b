import { ChallengeError } from '@challenge/infra/plan-and-apply';

/** Stops a command that would ask for confirmation where no prompt can be shown. */
export function refuseWithoutPrompt(flagName: string): never {
  throw new ChallengeError('Cannot ask for confirmation: stdin is not a terminal or CI is set.', {
    hint: `Pass ${flagName} to proceed without a prompt.`,
  });
}
