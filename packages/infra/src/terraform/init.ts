import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertEnvReady, type Environment, type RootConfig, rootConfigOf } from '../environment/index.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import { findTerraform } from './binary.js';
import { colorArgs } from './color.js';
import { computeInitFingerprint, type InitFingerprint, initReason } from './init-fingerprint.js';
import { terraformProcessEnv } from './process-env.js';
import { type OutputListener, runTerraform } from './run.js';

const FINGERPRINT_FILE = 'challenge-init.json';

async function readFingerprint(env: Environment): Promise<InitFingerprint | undefined> {
  try {
    return JSON.parse(readFileSync(join(env.dataDir, FINGERPRINT_FILE), 'utf8')) as InitFingerprint;
  } catch {
    return undefined;
  }
}

async function currentWorkspace(env: Environment): Promise<string> {
  try {
    return readFileSync(join(env.dataDir, 'environment'), 'utf8').trim() || 'default';
  } catch {
    return 'default';
  }
}

export interface InitOptions {
  onOutput?: OutputListener | undefined;
  /** Called with the reason when init actually runs. */
  onInit?: ((reason: string) => void) | undefined;
  /** The challenge command line that repeats the user's step, for fixes. */
  rerun?: string | undefined;
  /** The command the user ran has --verbose (plan / apply / destroy). */
  verboseFlag?: boolean | undefined;
}

/** Selects (or creates) the workspace named after the env, unless it is already selected. */
export async function selectWorkspace(env: Environment, options: InitOptions = {}): Promise<void> {
  if ((await currentWorkspace(env)) === env.name) return;
  await runTerraform(env, ['workspace', 'select', '-or-create', env.name], {
    what: `workspace select ${env.name}`,
    onOutput: options.onOutput,
    rerun: options.rerun,
    verboseFlag: options.verboseFlag,
  });
}

/** `backends/<env>.s3.tfbackend` applies to an S3 backend only; another backend gets no S3 settings. */
function backendFileFor(env: Environment, config: RootConfig): string | undefined {
  return config.backend?.type === 's3' ? env.backendConfigPath : undefined;
}

/**
 * The flags of every init of an env's data dir.
 *
 * -reconfigure: a data dir is only ever this env's, so its saved backend settings are replaced, never
 * migrated (a changed backend file points the env at other state; moving state is a deliberate act).
 *
 * -force-copy, only for `backend "local"` with its default paths: a fresh data dir makes Terraform treat
 * the workspaces already in terraform.tfstate.d/ (other envs' states) as coming from the implicit local
 * backend and offer to "migrate" them into the configured one, which asks even with -reconfigure and
 * fails with -input=false. For the default local backend those are the same files, so Terraform finds
 * source and destination equal and copies nothing. Any other backend still refuses such a migration,
 * and the failure explains how to migrate deliberately.
 */
function initArgs(env: Environment, config: RootConfig, mode: '-reconfigure' | '-migrate-state'): string[] {
  // -force-copy with -migrate-state: copy every workspace's state to the new backend without asking.
  const args = [
    'init',
    '-input=false',
    mode,
    ...(mode === '-migrate-state' ? ['-force-copy'] : []),
    ...colorArgs(),
  ];
  const backendFile = backendFileFor(env, config);
  if (backendFile) args.push(`-backend-config=${relative(env.rootDir, backendFile)}`);
  const { backend } = config;
  if (
    mode === '-reconfigure' &&
    backend?.type === 'local' &&
    !backend.attributes.some((name) => name === 'path' || name === 'workspace_dir')
  )
    args.push('-force-copy');
  return args;
}

/**
 * Runs `terraform init` for the env only when needed: first time, backend settings, lock file, module
 * sources or provider requirements changed (or a new terraform version). Each env has its own data dir.
 * Before anything runs, the env must be ready (backend file present for an S3 backend, profile known).
 */
export async function ensureInitialized(
  env: Environment,
  options: InitOptions = {},
): Promise<{ ran: boolean }> {
  await assertEnvReady(env);
  const config = await rootConfigOf(env);
  const backendFile = backendFileFor(env, config);
  const { version } = await findTerraform(terraformProcessEnv(env));
  const previous = await readFingerprint(env);
  const current = await computeInitFingerprint(env.rootDir, backendFile, version, previous);
  const reason = initReason(previous, current);
  if (reason === undefined) {
    await selectWorkspace(env, options);
    return { ran: false };
  }
  options.onInit?.(reason);
  await runInit(env, config, '-reconfigure', `init (${reason})`, options);
  return { ran: true };
}

async function runInit(
  env: Environment,
  config: RootConfig,
  mode: '-reconfigure' | '-migrate-state',
  what: string,
  options: InitOptions,
): Promise<void> {
  const backendFile = backendFileFor(env, config);
  const { version } = await findTerraform(terraformProcessEnv(env));
  mkdirSync(env.dataDir, { recursive: true, mode: 0o700 });
  await runTerraform(env, initArgs(env, config, mode), {
    what,
    onOutput: options.onOutput,
    rerun: options.rerun,
    verboseFlag: options.verboseFlag,
  });
  await selectWorkspace(env, options);
  // init may have written the lock file: fingerprint what is there now.
  const previous = await readFingerprint(env);
  const settled = await computeInitFingerprint(env.rootDir, backendFile, version, previous);
  await writeFileAtomically(join(env.dataDir, FINGERPRINT_FILE), `${JSON.stringify(settled, null, 2)}\n`);
}

/**
 * `terraform init -migrate-state -force-copy`: copies every workspace's state from the backend the env's
 * data dir was initialised with to the one its backend file now names. The data dir must have been
 * initialised with the old settings (ensureInitialized before the file changed).
 */
export async function migrateBackend(env: Environment, options: InitOptions = {}): Promise<void> {
  await assertEnvReady(env);
  await runInit(env, await rootConfigOf(env), '-migrate-state', 'init -migrate-state', options);
}

/** The env's current workspace state as `terraform state pull` reads it through the backend. */
export async function pullState(env: Environment): Promise<PulledState | undefined> {
  const { stdout } = await runTerraform(env, ['state', 'pull'], { what: 'state pull' });
  if (stdout.trim() === '') return undefined;
  const state = JSON.parse(stdout) as { serial?: number; lineage?: string; resources?: unknown[] };
  return {
    serial: state.serial ?? 0,
    lineage: state.lineage ?? '',
    resources: state.resources?.length ?? 0,
    resourcesJson: JSON.stringify(state.resources ?? []),
  };
}

export interface PulledState {
  serial: number;
  lineage: string;
  resources: number;
  /** The resources as JSON, to compare two copies of a state. */
  resourcesJson: string;
}
