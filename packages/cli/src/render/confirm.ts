import { ChallengeError, discardPlan, InterruptedError } from '@challenge/infra/plan-and-apply';

function isPromptExit(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

/** Asks yes/no; "no" or Ctrl-C discards the saved plan and stops with a clear message. */
export async function confirmOrAbort(planFile: string, message: string): Promise<void> {
  let answer = false;
  try {
    const { confirm } = await import('@inquirer/prompts');
    answer = await confirm({ message, default: false });
  } catch (error) {
    await discardPlan(planFile);
    if (isPromptExit(error))
      throw new InterruptedError('Interrupted at the confirmation: nothing was applied.');
    throw error;
  }
  if (!answer) {
    await discardPlan(planFile);
    throw new ChallengeError('Not applied.', { code: 'DECLINED' });
  }
}

/**
 * Destroy, and an apply that destroys data, ask for the env name typed back, so a stray Enter cannot
 * take an environment or its data.
 */
export async function confirmByTyping(
  planFile: string,
  envName: string,
  what: { verb: string; done: string } = { verb: 'destroy it', done: 'destroyed' },
): Promise<void> {
  let typed = '';
  try {
    const { input } = await import('@inquirer/prompts');
    typed = await input({ message: `Type the environment name (${envName}) to ${what.verb}:` });
  } catch (error) {
    await discardPlan(planFile);
    if (isPromptExit(error))
      throw new InterruptedError(`Interrupted at the confirmation: nothing was ${what.done}.`);
    throw error;
  }
  if (typed.trim() !== envName) {
    await discardPlan(planFile);
    throw new ChallengeError(`You typed "${typed.trim()}", not "${envName}": nothing was ${what.done}.`, {
      code: 'NOT_CONFIRMED',
      hint: `Type ${envName} exactly, or pass --yes.`,
    });
  }
}
