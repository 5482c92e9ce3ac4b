import { mkdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Environment } from '../environment/index.js';
import { findTerraform } from './binary.js';
import { colorArgs } from './color.js';
import { computeInitFingerprint, type InitFingerprint, initReason } from './init-fingerprint.js';
import { terraformProcessEnv } from './process-env.js';
import { type OutputListener, runTerraform } from './run.js';

const FINGERPRINT_FILE = 'challenge-init.json';

async function readFingerprint(env: Environment): Promise<InitFingerprint | undefined> {
  try {
    return JSON.parse(await readFile(join(env.dataDir, FINGERPRINT_FILE), 'utf8')) as InitFingerprint;
  } catch {
    return undefined;
  }
}

async function currentWorkspace(env: Environment): Promise<string> {
  try {
    return (await readFile(join(env.dataDir, 'environment'), 'utf8')).trim() || 'default';
  } catch {
    return 'default';
  }
}

export interface InitOptions {
  onOutput?: OutputListener | undefined;
  /** Called with the reason when init actually runs. */
  onInit?: ((reason: string) => void) | undefined;
}

/** Selects (or creates) the workspace named after the env, unless it is already selected. */
export async function selectWorkspace(env: Environment, options: InitOptions = {}): Promise<void> {
  if ((await currentWorkspace(env)) === env.name) return;
  await runTerraform(env, ['workspace', 'select', '-or-create', env.name], {
    what: `workspace select ${env.name}`,
    onOutput: options.onOutput,
  });
}

/**
 * Runs `terraform init` for the env only when needed: first time, backend settings, lock file, module
 * sources or provider requirements changed (or a new terraform version). Each env has its own data dir,
 * and a changed backend is re-initialised with -reconfigure (state is never migrated implicitly).
 */
export async function ensureInitialized(
  env: Environment,
  options: InitOptions = {},
): Promise<{ ran: boolean }> {
  const { version } = await findTerraform(terraformProcessEnv(env));
  const previous = await readFingerprint(env);
  const current = await computeInitFingerprint(env.rootDir, env.backendConfigPath, version, previous);
  const reason = initReason(previous, current);
  if (reason === undefined) {
    await selectWorkspace(env, options);
    return { ran: false };
  }
  options.onInit?.(reason);
  await mkdir(env.dataDir, { recursive: true });
  const args = ['init', '-input=false', ...colorArgs()];
  if (env.backendConfigPath) args.push(`-backend-config=${relative(env.rootDir, env.backendConfigPath)}`);
  if (previous) args.push('-reconfigure');
  await runTerraform(env, args, { what: `init (${reason})`, onOutput: options.onOutput });
  await selectWorkspace(env, options);
  // init may have written the lock file: fingerprint what is there now.
  const settled = await computeInitFingerprint(env.rootDir, env.backendConfigPath, version, current);
  await writeFileAtomic(join(env.dataDir, FINGERPRINT_FILE), `${JSON.stringify(settled, null, 2)}\n`);
  return { ran: true };
}
