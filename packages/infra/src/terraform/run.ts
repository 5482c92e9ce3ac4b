import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { type Environment, resolveRegion, rootConfigOf } from '../environment/index.js';
import { ChallengeError, InterruptedError } from '../errors.js';
import { awsResourcesNamed } from '../preflight/aws-resources-named.js';
import { parseApplyLine } from './apply-events.js';
import { findTerraform } from './binary.js';
import { classifyTerraformFailure } from './failures.js';
import { terraformProcessEnv } from './process-env.js';

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
 * fork inside spawn() (the child keeps it), then restored; no shell in between, so signals sent to the
 * child reach terraform itself.
 */
function withPrivateUmask<T>(start: () => T): T {
  const previous = process.umask(0o077);
  try {
    return start();
  } finally {
    process.umask(previous);
  }
}

/**
 * Runs terraform for one env. SIGINT/SIGTERM received meanwhile are forwarded to terraform (each press
 * once; Terraform treats a second interrupt as force-cancel), we wait for it to exit, then throw an
 * InterruptedError (exit 130). Terraform runs in its own process group so a terminal's Ctrl-C reaches
 * it only through us, exactly once per press. A failure Terraform is known to print (lock held, stale
 * plan, credentials, backend access…) becomes its own cause and fix; others keep Terraform's text.
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
  let interrupted = false;
  // node:child_process rather than execa: this runs on the CLI's startup path (execa costs ~50 ms to load).
  const child = withPrivateUmask(() =>
    spawn(binary.path, args, {
      cwd: env.rootDir,
      env: processEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = { stdout: [] as string[], stderr: [] as string[] };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (text: string) => {
      output[stream].push(text);
      options.onOutput?.(text, stream);
    });
  }
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  // Like a terminal's Ctrl-C: the signal goes to terraform's whole process group (terraform and the
  // provisioner commands it runs), once per press.
  const forward = (signal: NodeJS.Signals) => {
    interrupted = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  let result: Awaited<typeof exited>;
  try {
    result = await exited;
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
  if (interrupted) {
    throw new InterruptedError(
      `Interrupted: terraform ${options.what} was stopped; it released its state lock.`,
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
  const exitCode = result.code ?? 1;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    const text = terraformErrorText(stderr, stdout, options.machineReadable ?? false);
    const known = classifyTerraformFailure(text, {
      env: env.name,
      profile: env.profile,
      rerun: options.rerun,
      lockTimeoutFlag: options.lockTimeoutFlag,
    });
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
