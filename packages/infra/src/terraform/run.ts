import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { type Environment, resolveRegion, rootConfigOf } from '../environment/index.js';
import { ChallengeError, type SIGNAL_EXIT_CODES } from '../errors.js';
import { awsResourcesNamed } from '../preflight/aws-resources-named.js';
import { parseApplyLine } from './apply-events.js';
import { findTerraform } from './binary.js';
import { classifyTerraformFailure } from './failures.js';
import { holdPidLock } from './pid-lock.js';
import { terraformProcessEnv } from './process-env.js';
import { interruption, runInProgress } from './run-messages.js';
import {
  liveRun,
  logReader,
  prepareRun,
  recordedExitCode,
  removeRun,
  saveRecord,
  WRAPPER,
} from './run-record.js';

export type OutputListener = (text: string, stream: 'stdout' | 'stderr') => void;

export interface RunOptions {
  /** Receives terraform's output as it arrives (for --verbose streaming). */
  onOutput?: OutputListener | undefined;
  /** Exit codes that are not failures (e.g. 2 for `plan -detailed-exitcode`). */
  okExitCodes?: number[];
  /** What was being done, for the error message ("plan env mock"). */
  what: string;
  baseEnv?: NodeJS.ProcessEnv | undefined;
  /** The challenge command line that repeats this step, for fixes ("challenge apply --env a"). */
  rerun?: string | undefined;
  /** The command the user ran has --lock-timeout (plan / apply / destroy). */
  lockTimeoutFlag?: boolean | undefined;
  /** The command the user ran has --verbose (plan / apply / destroy). */
  verboseFlag?: boolean | undefined;
  /** Terraform runs with -json: its errors are the diagnostics among the JSON lines on stdout. */
  machineReadable?: boolean | undefined;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `Error: summary` + detail of each error diagnostic among -json lines, as Terraform prints them. */
function diagnosticsText(stdout: string): string {
  const blocks: string[] = [];
  for (const line of stdout.split('\n')) {
    const event = line.trim() ? parseApplyLine(line) : undefined;
    if (event?.type === 'diagnostic' && event.severity === 'error')
      blocks.push(`Error: ${event.summary}\n\n${event.detail}`.trim());
  }
  return blocks.join('\n\n');
}

/** The Error blocks terraform printed, or its last lines, for an error message. */
function terraformErrorText(stderr: string, stdout: string, machineReadable: boolean): string {
  const diagnostics = machineReadable ? diagnosticsText(stdout) : '';
  const text = stripVTControlCharacters(
    [stderr.trim(), diagnostics].filter(Boolean).join('\n\n') || stdout.trim(),
  );
  const lines = text.split('\n');
  return lines.slice(-40).join('\n');
}

/** The `Error:` blocks of terraform's text (from the first one on, at most 15 lines), box drawing removed. */
function errorBlocks(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/^[│╷╵]\s?/, '').trimEnd());
  const first = lines.findIndex((line) => line.startsWith('Error:'));
  return lines
    .slice(Math.max(first, 0))
    .filter((line) => line !== '')
    .slice(0, 15)
    .map((line) => `  ${line}`)
    .join('\n');
}

/**
 * Terraform runs with umask 077, so what it writes (saved plans, local state, its data dir) is private to
 * the user: plans can hold sensitive values in clear. The umask is this process's for the synchronous
 * fork inside spawn() (the child keeps it), then restored.
 */
function withPrivateUmask<T>(start: () => T): T {
  const previous = process.umask(0o077);
  try {
    return start();
  } finally {
    process.umask(previous);
  }
}

type Forwarded = keyof typeof SIGNAL_EXIT_CODES;

/** Commands whose output is read once and not kept (it can hold sensitive values). */
const READ_ONLY = new Set(['show', 'output', 'version']);

/**
 * Runs terraform for one env so that its life does not depend on the CLI's (see run-record.ts): detached
 * in its own session, its output in the run's log files, which this process follows for onOutput and
 * the result. If the CLI is killed, loses its terminal or its reader, Terraform goes on, writes its
 * state, releases its lock, and its exit status is recorded; `challenge attach` follows it.
 *
 * SIGINT, SIGTERM and SIGHUP received meanwhile are forwarded as one graceful interrupt (SIGINT to
 * Terraform's process group, as a terminal's Ctrl-C would be, with the provisioner commands it runs);
 * we wait for Terraform to stop, then throw an InterruptedError (exit 130, 143 or 129) saying whether
 * the state lock was released, as read from the backend. A second signal never force-cancels Terraform
 * (that can lose state): the CLI stops waiting and says how to follow the run that is still stopping.
 * A failure Terraform is known to print (lock held, stale plan, credentials, backend access…) becomes
 * its own cause and fix; others keep Terraform's text.
 */
export async function runTerraform(
  env: Environment,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  // Terraform needs a region only for AWS (provider, S3 backend, or AWS resources the checks looked up in
  // a region Terraform must then use too); other roots skip reading AWS profiles.
  const config = await rootConfigOf(env).catch(() => undefined);
  const needsRegion =
    config === undefined ||
    config.usesAws ||
    config.backend?.type === 's3' ||
    (await awsResourcesNamed(env).then(
      (named) => named.any,
      () => true,
    ));
  const region = needsRegion ? await resolveRegion(env).catch(() => undefined) : undefined;
  const processEnv = terraformProcessEnv(env, options.baseEnv, region);
  const binary = await findTerraform(processEnv);
  const release = await holdSharedCacheForInit(args, processEnv, options.baseEnv ?? process.env);
  try {
    return await runDetached(env, args, options, processEnv, binary.path, config?.backend?.type);
  } finally {
    release();
  }
}

/**
 * Terraform does not make its plugin cache safe for concurrent `init`s; the cache challenge shares between
 * envs (process-env.ts) is filled by one init at a time, across challenge processes.
 */
async function holdSharedCacheForInit(
  args: string[],
  processEnv: NodeJS.ProcessEnv,
  base: NodeJS.ProcessEnv,
): Promise<() => void> {
  const cache = processEnv['TF_PLUGIN_CACHE_DIR'];
  if (args[0] !== 'init' || !cache || base['TF_PLUGIN_CACHE_DIR']) return () => {};
  return holdPidLock(
    join(cache, '.challenge-init.pid'),
    Date.now() + 30 * 60_000,
    undefined,
    (pid) =>
      new ChallengeError(
        `Another terraform init (pid ${pid}) has been filling the provider cache ${cache} for 30 minutes.`,
        {
          code: 'PROVIDER_CACHE_BUSY',
          hint: `Wait for it to finish, or stop it, then run the command again.`,
        },
      ),
  );
}

async function runDetached(
  env: Environment,
  args: string[],
  options: RunOptions,
  processEnv: NodeJS.ProcessEnv,
  terraformPath: string,
  backend: string | undefined,
): Promise<RunResult> {
  const { record: prepared, out, err } = prepareRun(env, args, options.what);
  // node:child_process rather than execa: this runs on the CLI's startup path (execa costs ~50 ms to load).
  let child: ReturnType<typeof spawn>;
  try {
    child = withPrivateUmask(() =>
      spawn('/bin/sh', ['-c', WRAPPER, prepared.exitFile, terraformPath, ...args], {
        cwd: env.rootDir,
        env: processEnv,
        detached: true,
        stdio: ['ignore', out, err],
      }),
    );
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pid = child.pid;
  if (pid !== undefined) saveRecord({ ...prepared, pid });
  const readers = { stdout: logReader(prepared.log), stderr: logReader(prepared.errorLog) };
  const output = { stdout: [] as string[], stderr: [] as string[] };
  const pump = () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = readers[stream]();
      if (!text) continue;
      output[stream].push(text);
      options.onOutput?.(text, stream);
    }
  };
  const follow = setInterval(pump, 100);
  let interruptedBy: Forwarded | undefined;
  let stopWaiting: (() => void) | undefined;
  const exited = new Promise<{ code: number | null; error?: Error; detached?: boolean }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
    stopWaiting = () => resolve({ code: null, detached: true });
  });
  const forward = (signal: Forwarded) => {
    if (interruptedBy !== undefined) {
      stopWaiting?.();
      return;
    }
    interruptedBy = signal;
    try {
      if (pid !== undefined) process.kill(-pid, 'SIGINT');
    } catch {
      child.kill('SIGINT');
    }
  };
  const forwarders = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(
    (signal) => [signal, () => forward(signal)] as const,
  );
  for (const [signal, handler] of forwarders) process.on(signal, handler);
  let result: Awaited<typeof exited>;
  try {
    result = await exited;
  } finally {
    for (const [signal, handler] of forwarders) process.off(signal, handler);
    clearInterval(follow);
  }
  pump();
  if (result.detached) child.unref();
  else if (READ_ONLY.has(args[0] ?? '') && !result.error) removeRun(prepared);
  if (interruptedBy !== undefined) {
    throw await interruption(
      env,
      { ...prepared, pid: pid ?? 0 },
      options.what,
      interruptedBy,
      result.detached,
    );
  }
  const stdout = output.stdout.join('');
  const stderr = output.stderr.join('');
  if (result.error) {
    throw new ChallengeError(`Could not run terraform for ${options.what}: ${result.error.message}`, {
      code: 'TERRAFORM_SPAWN_FAILED',
      hint: 'Check that the terraform binary works: run `terraform version`.',
    });
  }
  const exitCode = result.code ?? recordedExitCode(prepared) ?? 1;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    const text = terraformErrorText(stderr, stdout, options.machineReadable ?? false);
    const known = classifyTerraformFailure(text, {
      env: env.name,
      profile: env.profile,
      rerun: options.rerun,
      lockTimeoutFlag: options.lockTimeoutFlag,
      backend: backend ?? 'local',
    });
    if (known?.code === 'TERRAFORM_STATE_LOCKED') {
      const running = liveRun(env);
      if (running && running.id !== prepared.id) throw runInProgress(env, running, options);
    }
    if (known) {
      // Terraform's output is not shown as it runs: when the message cannot name it all, quote its errors.
      const said = known.quoteTerraform ? `\nTerraform said:\n${errorBlocks(text)}` : '';
      throw new ChallengeError(`terraform ${options.what} failed: ${known.message}${said}`, {
        code: known.code,
        hint: known.hint,
      });
    }
    throw new ChallengeError(`terraform ${options.what} failed:\n${text}`, {
      code: 'TERRAFORM_FAILED',
      hint: `Fix the problem Terraform reports above, then run ${options.rerun ? `\`${options.rerun}\`` : 'the command'} again${options.verboseFlag ? " (add --verbose to see Terraform's full output)" : ''}.`,
    });
  }
  return { exitCode, stdout, stderr };
}
