import { InterruptedError } from '../errors.js';
import { displayPath } from '../tfvars/display-path.js';
import type { InitAnswers, PendingAnswers } from './answers.js';
import { pendingAnswersOf } from './aws-actions.js';
import type { InitContext } from './context.js';
import { writePendingAnswers } from './pending-answers.js';
import type { InitStep } from './step.js';

/** The answers a run left, as if given as flags (flags of this run win). */
function asFlags(pending: PendingAnswers, flags: InitAnswers): InitAnswers {
  const { savedAt: _savedAt, vars, ...answers } = pending;
  const defined = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return { ...answers, ...defined, vars: { ...vars, ...flags.vars } };
}

/** "profile dev, region eu-west-1, key pair laptop, state bucket team-state (create)" */
function summary(pending: PendingAnswers): string {
  const parts = [
    pending.profile !== undefined ? `profile ${pending.profile ?? 'environment credentials'}` : undefined,
    pending.region ? `region ${pending.region}` : undefined,
    pending.keyPair
      ? `key pair ${pending.keyPair}${pending.importPublicKey ? ` (import ${pending.importPublicKey})` : ''}`
      : undefined,
    pending.stateBucket
      ? `state bucket ${pending.stateBucket}${pending.createStateBucket ? ' (create)' : ''}`
      : undefined,
    pending.artifactBucket
      ? `artifact bucket ${pending.artifactBucket}${pending.createArtifactBucket ? ' (create)' : ''}`
      : undefined,
    ...Object.entries(pending.vars ?? {}).map(([name, value]) => `${name} = ${value}`),
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * At a terminal, answers an earlier run left (Ctrl-C at a prompt, a failed AWS action) are confirmed
 * once rather than asked again one by one; each is still checked. Declined, they are the defaults.
 */
export const resumeStep: InitStep = {
  name: 'resume',
  async run(ctx, run) {
    const pending = ctx.env?.pending;
    if (!run.asker || !pending) return;
    const answers = summary(pending);
    if (!answers) return;
    run.log(`Answers kept from ${pending.savedAt}: ${answers}.`);
    if (await run.asker.confirm({ message: 'Continue with these answers?', default: true })) {
      ctx.flags = asFlags(pending, ctx.flags);
    }
  },
};

/**
 * Ctrl-C at a prompt: the answers settled so far are saved as pending (as after a failed AWS action),
 * so the next `challenge init` resumes with them. Nothing else is written.
 */
export async function keepAnswersOnInterrupt(ctx: InitContext, error: InterruptedError): Promise<never> {
  const env = ctx.env;
  if (!env || !ctx.credentials) throw error;
  const path = await writePendingAnswers(ctx.rootDir, env.name, {
    ...env.pending,
    ...pendingAnswersOf(ctx),
    vars: { ...env.pending?.vars, ...ctx.texts },
  });
  throw new InterruptedError(
    `Interrupted at a prompt: the answers given so far are kept in ${displayPath(path)}; \`challenge init --env ${env.name}\` resumes with them.`,
  );
}
