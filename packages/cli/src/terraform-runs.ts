import {
  discardPlan,
  displayOutputs,
  holdEnvApplyLock,
  type ResolveOptions,
  readOutputs,
} from '@challenge/infra/plan-and-apply';
import type { CommandIo, CommandOutcome } from './command-io.js';
import { renderOutputs } from './render/plan-summary.js';
import {
  applyWithProgress,
  type PlannedEnvironment,
  planEnvironment,
  type TerraformRunFlags,
} from './terraform-flow.js';

/**
 * The bodies of `challenge plan|apply|destroy`, shared by their oclif commands and by the oclif-free
 * path bin/run.js takes for them (fast-path.ts): the same steps, messages, results and exit codes.
 */

/**
 * A prompt may stay open for long: the env is not held meanwhile (another apply may go ahead; this plan
 * is then stale, and Terraform refuses it), and is held again before the apply.
 */
async function whileNotHolding(
  planned: PlannedEnvironment,
  flags: TerraformRunFlags,
  ask: () => Promise<void>,
): Promise<void> {
  planned.release();
  await ask();
  planned.release = await holdEnvApplyLock(planned.env, flags['lock-timeout']);
}

export async function runPlan(
  flags: TerraformRunFlags & { 'detailed-exitcode'?: boolean },
  envOptions: ResolveOptions,
  io: CommandIo,
): Promise<CommandOutcome> {
  const { env, plan } = await planEnvironment(flags, envOptions, io, {
    command: 'plan',
    destroy: false,
    needsConfirmation: false,
    preflight: true,
  });
  await discardPlan(plan.planFile);
  const result = { env: env.name, hasChanges: plan.hasChanges, summary: plan.summary };
  return flags['detailed-exitcode'] && plan.hasChanges ? { result, exitCode: 2 } : { result };
}

export async function runApply(
  flags: TerraformRunFlags,
  envOptions: ResolveOptions,
  io: CommandIo,
): Promise<CommandOutcome> {
  const planned = await planEnvironment(flags, envOptions, io, {
    command: 'apply',
    destroy: false,
    needsConfirmation: true,
    preflight: true,
  });
  try {
    return await applyPlanned(planned, flags, io);
  } finally {
    planned.release();
  }
}

async function applyPlanned(
  planned: PlannedEnvironment,
  flags: TerraformRunFlags,
  io: CommandIo,
): Promise<CommandOutcome> {
  const { env, plan } = planned;
  if (!plan.hasChanges) {
    await discardPlan(plan.planFile);
    return { result: { env: env.name, applied: false, summary: plan.summary } };
  }
  if (!flags.yes) {
    const { confirmOrAbort } = await import('./render/confirm.js');
    await whileNotHolding(planned, flags, () =>
      confirmOrAbort(plan.planFile, `Apply these changes to env ${env.name}?`),
    );
  }
  const done = await applyWithProgress(planned, flags, io);
  const outputs = displayOutputs(await readOutputs(env));
  io.log(`Applied to env ${env.name}.\n${renderOutputs(outputs)}`);
  return {
    result: {
      env: env.name,
      applied: true,
      summary: plan.summary,
      resources: done?.completed ?? [],
      outputs,
    },
  };
}

export async function runDestroy(
  flags: TerraformRunFlags,
  envOptions: ResolveOptions,
  io: CommandIo,
): Promise<CommandOutcome> {
  const planned = await planEnvironment(flags, envOptions, io, {
    command: 'destroy',
    destroy: true,
    needsConfirmation: true,
    preflight: false,
  });
  try {
    return await destroyPlanned(planned, flags, io);
  } finally {
    planned.release();
  }
}

async function destroyPlanned(
  planned: PlannedEnvironment,
  flags: TerraformRunFlags,
  io: CommandIo,
): Promise<CommandOutcome> {
  const { env, plan } = planned;
  if (!plan.hasChanges) {
    await discardPlan(plan.planFile);
    return { result: { env: env.name, destroyed: false, summary: plan.summary } };
  }
  if (!flags.yes) {
    const { confirmByTyping } = await import('./render/confirm.js');
    await whileNotHolding(planned, flags, () => confirmByTyping(plan.planFile, env.name));
  }
  const done = await applyWithProgress(planned, flags, io);
  io.log(`Destroyed env ${env.name}.`);
  return {
    result: { env: env.name, destroyed: true, summary: plan.summary, resources: done?.completed ?? [] },
  };
}
