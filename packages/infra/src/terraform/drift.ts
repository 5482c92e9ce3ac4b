import { relative } from 'node:path';
import type { Environment } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { lineSplitter } from './apply-events.js';
import { type DriftedResource, driftedResources, type ResourceDriftJson } from './drift-diff.js';
import { recordDriftCheck } from './drift-record.js';
import { validateLockTimeout } from './duration.js';
import { ensureInitialized, type InitOptions } from './init.js';
import { discardPlan } from './plan.js';
import { newPlanFile, preparePlansDir } from './plan-files.js';
import { runTerraform } from './run.js';

export interface DriftOptions extends Pick<InitOptions, 'onInit' | 'rerun'> {
  lockTimeout?: string;
}

export interface DriftReport {
  env: string;
  /** The managed resources whose real object differs from the recorded state, by address. */
  drifted: DriftedResource[];
  /** Managed resources Terraform refreshed (compared). */
  resources: number;
  /** ISO time the check finished. */
  checkedAt: string;
  initRan: boolean;
}

interface UiLine {
  type?: string;
  hook?: { resource?: { addr?: string } };
  change?: { resource?: { addr?: string } };
}

/** Addresses Terraform refreshed and those it reported drifted, from `plan -json` UI lines. */
function refreshTally() {
  const refreshed = new Set<string>();
  const reported = new Set<string>();
  const read = lineSplitter((line) => {
    let ui: UiLine;
    try {
      ui = JSON.parse(line) as UiLine;
    } catch {
      return;
    }
    if (ui?.type === 'refresh_complete' && ui.hook?.resource?.addr) refreshed.add(ui.hook.resource.addr);
    if (ui?.type === 'resource_drift' && ui.change?.resource?.addr) reported.add(ui.change.resource.addr);
  });
  return { refreshed, reported, read };
}

async function refuseWhenNothingDeployed(env: Environment): Promise<void> {
  const listed = await runTerraform(env, ['state', 'list'], {
    what: `state list (env ${env.name})`,
    okExitCodes: [1],
  });
  // A local backend that was never written has no state file at all; `state list` says so and exits 1.
  const empty =
    listed.exitCode === 0 ? listed.stdout.trim() === '' : /No state file was found/.test(listed.stderr);
  if (!empty) return;
  throw new ChallengeError(
    `Env ${env.name} has nothing deployed yet: its state holds no resources to compare.`,
    {
      code: 'NOTHING_DEPLOYED',
      hint: `Run \`challenge apply --env ${env.name}\` first; drift then compares what it created with AWS.`,
    },
  );
}

/**
 * What changed outside Terraform in an env: `terraform plan -refresh-only -json -detailed-exitcode`
 * (same data dir, workspace and var file as `challenge plan`) into a saved plan, and, only when
 * Terraform reports drift (exit 2), `terraform show -json` of that plan, whose `resource_drift`
 * entries carry the recorded (before) and real (after) values with their sensitivity markers: the UI
 * events name drifted resources but not their attributes. The plan file holds real values in clear and
 * is removed at once; the result (addresses only) is recorded for `challenge status`. Nothing is
 * written to the state.
 */
export async function checkDrift(env: Environment, options: DriftOptions = {}): Promise<DriftReport> {
  const lockTimeout = options.lockTimeout ?? '60s';
  validateLockTimeout(lockTimeout);
  const { ran } = await ensureInitialized(env, { onInit: options.onInit, rerun: options.rerun });
  const planFile = newPlanFile(await preparePlansDir(env));
  const tally = refreshTally();
  try {
    const planned = runTerraform(
      env,
      [
        'plan',
        '-refresh-only',
        '-json',
        '-input=false',
        `-lock-timeout=${lockTimeout}`,
        `-var-file=${relative(env.rootDir, env.tfvarsPath)}`,
        `-out=${planFile}`,
        '-detailed-exitcode',
      ],
      {
        what: `plan -refresh-only (env ${env.name})`,
        onOutput: (text, stream) => stream === 'stdout' && tally.read(text),
        okExitCodes: [2],
        rerun: options.rerun,
        lockTimeoutFlag: true,
        machineReadable: true,
      },
    );
    // A never-applied env has nothing to compare, and the real stack's refresh-only plan fails on its
    // empty state (data sources and indexes of resources that do not exist yet): say so instead.
    const { exitCode } = await planned.catch(async (error: unknown) => {
      await refuseWhenNothingDeployed(env);
      throw error;
    });
    if (tally.refreshed.size === 0) await refuseWhenNothingDeployed(env);
    let drifted: DriftedResource[] = [];
    if (exitCode === 2 && tally.reported.size > 0) {
      const shown = await runTerraform(env, ['show', '-json', planFile], { what: 'show -json' });
      const plan = JSON.parse(shown.stdout) as { resource_drift?: ResourceDriftJson[] };
      drifted = driftedResources(plan.resource_drift ?? []);
    }
    const addresses = new Set([...tally.refreshed, ...drifted.map((resource) => resource.address)]);
    const report: DriftReport = {
      env: env.name,
      drifted,
      resources: addresses.size,
      checkedAt: new Date().toISOString(),
      initRan: ran,
    };
    await recordDriftCheck(env, {
      checkedAt: report.checkedAt,
      resources: report.resources,
      drifted: drifted.map((resource) => resource.address),
    });
    return report;
  } finally {
    await discardPlan(planFile);
  }
}
