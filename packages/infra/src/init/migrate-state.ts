import { resolveEnvironment } from '../environment/resolve.js';
import { ChallengeError } from '../errors.js';
import {
  ensureInitialized,
  migrateBackend,
  type PulledState,
  pullState,
  selectWorkspace,
} from '../terraform/init.js';
import { type StateMove, stateUrl, workspaceStateKey } from './state-move.js';

/** What a verified migration found: the same state (serial, lineage) read back through the new backend. */
export interface MigratedState {
  serial: number | undefined;
  lineage: string | undefined;
  /** The old object, named removable only once the new place was read back. */
  removable: string;
  removeCommand: string;
}

/**
 * Moves the env's state to the place its new files name, with Terraform itself (`init -migrate-state`):
 * first the data dir is initialised with the old backend file (still on disk) and the state read there;
 * then `writeFiles` writes the new files, Terraform copies every workspace, and the state is read back
 * through the new backend. A state that does not read back the same (serial, lineage) is an error and
 * the old object is not named removable. On any failure `restoreFiles` puts the old files back.
 */
export async function migrateState(
  rootDir: string,
  move: StateMove,
  writeFiles: () => Promise<void>,
  restoreFiles: () => Promise<void>,
  log: (line: string) => void,
): Promise<MigratedState> {
  const rerun = `challenge init --env ${move.env} --migrate-state`;
  const before = await resolveEnvironment({ dir: rootDir, env: move.env });
  await ensureInitialized(before, { rerun });
  await selectWorkspace(before, { rerun });
  const old = await pullState(before);
  await writeFiles();
  let moved: PulledState | undefined;
  try {
    const after = await resolveEnvironment({ dir: rootDir, env: move.env });
    await migrateBackend(after, { rerun });
    moved = await pullState(after);
    // Terraform persists the copy as a write of its own (the old serial, or the next one); the lineage
    // and every resource must be the old state's.
    const same =
      moved !== undefined &&
      old !== undefined &&
      moved.lineage === old.lineage &&
      moved.resourcesJson === old.resourcesJson &&
      (moved.serial === old.serial || moved.serial === old.serial + 1);
    if (old && !same) {
      throw new ChallengeError(
        `The state read back from ${stateUrl(move.to, move.env)} is not the one of ${stateUrl(move.from, move.env)} (serial ${moved?.serial ?? 'none'} for ${old.serial}, lineage ${moved?.lineage ?? 'none'} for ${old.lineage}, ${moved?.resources ?? 0} resources for ${old.resources}).`,
        {
          hint: `Keep ${stateUrl(move.from, move.env)}: it is the env's state. The env's files were put back; check the new bucket, then run \`${rerun}\` again.`,
          code: 'INIT_STATE_NOT_MIGRATED',
        },
      );
    }
  } catch (error) {
    await restoreFiles();
    throw error;
  }
  const removable = stateUrl(move.from, move.env);
  log(
    `Moved the state of env "${move.env}" to ${stateUrl(move.to, move.env)} and read it back there${old && moved ? ` (lineage ${old.lineage}, the same ${old.resources} resource${old.resources === 1 ? '' : 's'}; serial ${old.serial} -> ${moved.serial})` : ''}.`,
  );
  const removeCommand = `aws s3 rm s3://${move.from.bucket}/${workspaceStateKey(move.env, move.from.key)} --region ${move.from.region}`;
  log(`The old object ${removable} can now be removed: ${removeCommand}`);
  return { serial: moved?.serial, lineage: moved?.lineage, removable, removeCommand };
}
