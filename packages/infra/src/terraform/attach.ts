import { setTimeout as sleep } from 'node:timers/promises';
import type { Environment } from '../environment/index.js';
import { ChallengeError } from '../errors.js';
import { listRuns, logReader, type RunRecord, type RunState, runState } from './run-record.js';

export interface AttachOptions {
  /** Receives the run's output as it is written (both of Terraform's streams, as written). */
  onText?: ((text: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /** How often the log and the run's status are read. */
  pollMs?: number;
}

export interface AttachedRun {
  record: RunRecord;
  /** Whether the run was still going when attach started. */
  wasRunning: boolean;
  end: Exclude<RunState, { state: 'running' }>;
}

/**
 * The run `attach` shows: the apply still going (a plan waiting for its lock may be going too), else any
 * run still going, else the env's last plan or apply.
 */
function runToShow(env: Pick<Environment, 'dataDir'>): RunRecord | undefined {
  const runs = listRuns(env);
  const running = runs.filter((run) => runState(run).state === 'running');
  return (
    running.filter((run) => run.args[0] === 'apply').at(-1) ??
    running.at(-1) ??
    runs.filter((run) => ['plan', 'apply'].includes(run.args[0] ?? '')).at(-1)
  );
}

/**
 * Follows the env's Terraform run that is in progress — started by this or another terminal, by a CLI
 * that may be gone — from the start of its log to its end, and returns how it ended; for a run that
 * already ended, its whole log and its result. Following only reads: stopping it leaves the run alone.
 */
export async function attachRun(env: Environment, options: AttachOptions = {}): Promise<AttachedRun> {
  const record = runToShow(env);
  if (!record) {
    throw new ChallengeError(`Env ${env.name} has no recorded Terraform run to attach to.`, {
      code: 'NO_RUN',
      hint: `Start one with \`challenge plan --env ${env.name}\` or \`challenge apply --env ${env.name}\`.`,
    });
  }
  const readers = { stdout: logReader(record.log), stderr: logReader(record.errorLog) };
  const pump = () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = readers[stream]();
      if (text) options.onText?.(text, stream);
    }
  };
  let state = runState(record);
  const wasRunning = state.state === 'running';
  while (state.state === 'running') {
    pump();
    await sleep(options.pollMs ?? 200);
    state = runState(record);
  }
  pump();
  return { record, wasRunning, end: state };
}
