import {
  type BackupRecord,
  backupTable,
  ChallengeError,
  countTableItems,
  createPlan,
  discardPlan,
  envSession,
  liftDeletionProtection,
  type PlanConsequence,
  tablesLost,
} from '@challenge/infra/plan-and-apply';
import type { CommandIo } from './command-io.js';
import type { PlannedEnvironment, TerraformRunFlags } from './terraform-flow.js';

/** A table the destroy plan deletes, with its items counted before anything happens. */
export interface TableToDestroy {
  address: string;
  name: string;
  deletionProtected: boolean;
  /** Undefined when the table no longer exists in AWS. */
  itemCount: number | undefined;
}

/** Counts the items of every table the plan deletes, and says so before the confirmation. */
export async function countItems(planned: PlannedEnvironment, io: CommandIo): Promise<TableToDestroy[]> {
  const lost = tablesLost(planned.plan);
  if (lost.length === 0) return [];
  const session = await envSession(planned.env);
  const tables: TableToDestroy[] = [];
  for (const table of lost) {
    const itemCount = await countTableItems(session, table.name);
    tables.push({
      address: table.address,
      name: table.name,
      deletionProtected: table.deletionProtected === true,
      itemCount,
    });
    io.log(
      itemCount === undefined
        ? `Table ${table.name} no longer exists in AWS.`
        : `Table ${table.name} holds ${itemCount} item${itemCount === 1 ? '' : 's'}.`,
    );
  }
  return tables;
}

export function noBackups(tables: readonly TableToDestroy[], io: CommandIo): BackupRecord[] {
  for (const table of tables) {
    if (table.itemCount !== undefined)
      io.log(`--skip-backup: no backup of table ${table.name}; its ${table.itemCount} items go with it.`);
  }
  return [];
}

/** An on-demand backup of each table, waited for; its ARN and restore command printed and recorded. */
export async function backUp(
  planned: PlannedEnvironment,
  tables: readonly TableToDestroy[],
  io: CommandIo,
): Promise<BackupRecord[]> {
  const { env, plan, progress } = planned;
  const records: BackupRecord[] = [];
  const pollMs = Number(process.env['CHALLENGE_BACKUP_POLL_MS'] ?? '') || undefined;
  for (const table of tables) {
    if (table.itemCount === undefined) continue;
    progress.step(`backing up table ${table.name} (DynamoDB on-demand backup)`);
    try {
      const record = await backupTable(await envSession(env), {
        env: env.name,
        table: table.name,
        dataDir: env.dataDir,
        itemCount: table.itemCount,
        ...(pollMs ? { pollMs } : {}),
      });
      records.push(record);
      io.log(
        `Backup of table ${table.name} (${table.itemCount} items): ${record.backupArn}\n  restore with: ${record.restore}\n  recorded in ${env.dataDir}/backups.json; the CLI never deletes it.`,
      );
    } catch (error) {
      await discardPlan(plan.planFile);
      throw error;
    }
  }
  return records;
}

/**
 * AWS refuses to delete a protected table: lift the protection through Terraform, then plan the destroy
 * again with it off (the first plan is stale once the state changed) and check it deletes what the user
 * confirmed, no more.
 */
export async function liftProtection(
  planned: PlannedEnvironment,
  tables: readonly TableToDestroy[],
  flags: Pick<TerraformRunFlags, 'lock-timeout'>,
): Promise<PlannedEnvironment> {
  const { env, plan, progress, rerun } = planned;
  const protectedTables = tables.filter((table) => table.deletionProtected);
  if (protectedTables.length === 0) return planned;
  await discardPlan(plan.planFile);
  progress.step(`lifting the deletion protection of ${protectedTables.map((t) => t.name).join(', ')}`);
  const consequences: PlanConsequence[] = plan.consequences.filter((c) =>
    protectedTables.some((table) => table.address === c.address),
  );
  const vars = await liftDeletionProtection(env, consequences, {
    lockTimeout: flags['lock-timeout'],
    rerun,
    ...progress,
  });
  progress.step(`terraform plan -destroy (env ${env.name})`);
  const again = await createPlan(env, {
    ...progress,
    destroy: true,
    vars,
    lockTimeout: flags['lock-timeout'],
    rerun,
    verboseFlag: true,
  });
  const confirmed = new Set(plan.summary.resources.map((r) => r.address));
  const extra = again.summary.resources.filter((r) => !confirmed.has(r.address)).map((r) => r.address);
  if (extra.length > 0) {
    await discardPlan(again.planFile);
    throw new ChallengeError(
      `The destroy plan changed after the confirmation (${extra.join(', ')}): nothing more was destroyed.`,
      { hint: `Run challenge destroy --env ${env.name} again and read the new plan.` },
    );
  }
  return { ...planned, plan: again };
}
