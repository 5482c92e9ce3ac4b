import {
  ChallengeError,
  canPrompt,
  describeLock,
  forceUnlock,
  InterruptedError,
  openEnvironment,
  planUnlock,
} from '@challenge/infra';
import { confirm } from '@inquirer/prompts';
import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { envFlags, yesFlag } from '../flags.js';
import { terraformProgress } from '../render/progress.js';

export default class Unlock extends BaseCommand {
  static override summary = "Release an env's state lock left by a Terraform run that died.";
  static override description =
    'Reads the lock (who holds it, which operation, since when), asks to confirm (or --yes; required when not a TTY or CI=true), then runs `terraform force-unlock`. Only for a run that is really gone: a live run keeps writing the state. With LOCK_ID, refuses when the lock held is another one. Local state needs no unlock: its lock ends with the process that holds it.';
  static override examples = [
    '<%= config.bin %> unlock --env mock',
    '<%= config.bin %> unlock --env mock 4cd44f2b-03b2-b9d5-11ae-b80ee37fd95d --yes',
    '<%= config.bin %> unlock --env mock --yes --json',
  ];
  static override args = {
    lock_id: Args.string({ description: 'The lock ID Terraform printed (default: the lock that is held).' }),
  };
  static override flags = { ...envFlags, ...yesFlag };

  async run(): Promise<unknown> {
    const { args, flags, raw } = await this.parse(Unlock);
    const env = await openEnvironment(this.envOptions(flags, raw));
    const plan = await planUnlock(env, args.lock_id);
    if (!plan) {
      if (!this.jsonEnabled()) this.log(`The state of env ${env.name} is not locked: nothing to unlock.`);
      return { env: env.name, unlocked: false, lock: null };
    }
    const { lock } = plan.state;
    const held = lock ? describeLock(lock) : `lock ID ${plan.lockId}`;
    if (!this.jsonEnabled()) {
      this.log(
        `Env ${env.name} is locked: ${held}${plan.state.location ? `\n  lock  ${plan.state.location}` : ''}`,
      );
    }
    if (!flags.yes) {
      if (!canPrompt()) {
        throw new ChallengeError(`Not unlocking env ${env.name} without a confirmation (${held}).`, {
          code: 'CONFIRMATION_REQUIRED',
          hint: `Check that the run holding it is gone, then pass --yes: \`challenge unlock --env ${env.name} ${plan.lockId} --yes\`.`,
        });
      }
      await this.confirmUnlock(env.name);
    }
    await forceUnlock(env, plan.lockId, terraformProgress({ verbose: false, json: this.jsonEnabled() }));
    if (!this.jsonEnabled()) this.log(`Released the state lock ${plan.lockId} of env ${env.name}.`);
    return { env: env.name, unlocked: true, lock: lock ?? { id: plan.lockId } };
  }

  private async confirmUnlock(envName: string): Promise<void> {
    let answer = false;
    try {
      answer = await confirm({
        message: `Release this lock? Only if that run is gone: a live run would go on writing the state of ${envName}.`,
        default: false,
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError')
        throw new InterruptedError('Interrupted: the lock was not released.');
      throw error;
    }
    if (!answer) {
      throw new ChallengeError('Not released: the lock is still held.', { code: 'DECLINED' });
    }
  }
}
