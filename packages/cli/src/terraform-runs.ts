import {
  ChallengeError,
  deploysToAws,
  destroysData,
  discardPlan,
  displayOutputs,
  type Environment,
  holdEnvApplyLock,
  loadDestroyClients,
  openEnvironment,
  planJsonSummary,
  type ResolveOptions,
  readOutputs,
  validateLockTimeout,
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
  const result = {
    env: env.name,
    hasChanges: plan.hasChanges,
    summary: planJsonSummary(plan.summary),
    consequences: plan.consequences,
  };
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
    return { result: { env: env.name, applied: false, summary: planJsonSummary(plan.summary) } };
  }
  const losesData = destroysData(plan.consequences);
  if (losesData && flags.yes && !flags['allow-data-loss']) {
    await discardPlan(plan.planFile);
    const lost = plan.consequences.filter((c) => c.kind === 'data-loss').map((c) => c.address);
    throw new ChallengeError(
      `The plan for env ${env.name} destroys data (${lost.join(', ')}): nothing was applied.`,
      {
        code: 'DATA_LOSS_REFUSED',
        hint: 'Read "Destroys data" above. To apply it anyway, back the data up and run again with --yes --allow-data-loss (or without --yes, and type the env name).',
      },
    );
  }
  if (!flags.yes) {
    const confirm = await import('./render/confirm.js');
    await whileNotHolding(planned, flags, () =>
      losesData
        ? confirm.confirmByTyping(plan.planFile, env.name, {
            verb: 'apply this plan, which destroys data',
            done: 'applied',
          })
        : confirm.confirmOrAbort(plan.planFile, `Apply these changes to env ${env.name}?`),
    );
  }
  const done = await applyWithProgress(planned, flags, io);
  const outputs = displayOutputs(await readOutputs(env));
  io.log(`Applied to env ${env.name}.\n${renderOutputs(outputs)}`);
  return {
    result: {
      env: env.name,
      applied: true,
      summary: planJsonSummary(plan.summary),
      consequences: plan.consequences,
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
  validateLockTimeout(flags['lock-timeout']);
  const opened = await openEnvironment(envOptions);
  if (await deploysToAws(opened)) await loadDestroyClients();
  if (flags.check) return leftoversOutcome(opened, flags, io, { env: opened.name });
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
    return leftoversOutcome(env, flags, io, {
      env: env.name,
      destroyed: false,
      summary: planJsonSummary(plan.summary),
    });
  }
  const data = await import('./destroy-data.js');
  const tables = await data.countItems(planned, io);
  if (!flags.yes) {
    const { confirmByTyping } = await import('./render/confirm.js');
    await whileNotHolding(planned, flags, () => confirmByTyping(plan.planFile, env.name));
  }
  const backups = flags['skip-backup'] ? data.noBackups(tables, io) : await data.backUp(planned, tables, io);
  const toApply = await data.liftProtection(planned, tables, flags);
  const done = await applyWithProgress(toApply, flags, io);
  io.log(`Destroyed env ${env.name}.`);
  return leftoversOutcome(env, flags, io, {
    env: env.name,
    destroyed: true,
    summary: planJsonSummary(plan.summary),
    consequences: plan.consequences,
    tables,
    backups,
    resources: done?.completed ?? [],
  });
}

/** Ends destroy (and is all of `destroy --check`): what the env still has in AWS; --strict fails on any. */
async function leftoversOutcome(
  env: Parameters<typeof findEnvLeftovers>[0],
  flags: TerraformRunFlags,
  io: CommandIo,
  result: Record<string, unknown>,
): Promise<CommandOutcome> {
  if (!(await deploysToAws(env))) {
    if (flags.check) io.log(`Env ${env.name} deploys nothing to AWS: there is nothing to look for there.`);
    return { result };
  }
  const leftovers = await findEnvLeftovers(env);
  const { renderLeftovers } = await import('./render/leftovers.js');
  io.log(renderLeftovers(env.name, leftovers));
  const unexpected = leftovers.filter((leftover) => !leftover.expected);
  const outcome: CommandOutcome = { result: { ...result, leftovers } };
  if (flags.strict && unexpected.length > 0) outcome.exitCode = 1;
  return outcome;
}

async function findEnvLeftovers(env: Environment) {
  const { envSession, findLeftovers, leftoverScope } = await import('@challenge/infra/plan-and-apply');
  return findLeftovers(await envSession(env), await leftoverScope(env));
}
