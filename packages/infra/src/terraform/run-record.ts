import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Environment } from '../environment/index.js';
import { isProcessAlive } from './process-alive.js';

/**
 * A Terraform run of one env, as recorded in `<data dir>/runs/`: Terraform writes its output to the
 * run's own log files (never to a pipe, so no reader can close them), and a `sh` wrapper — started
 * detached, in its own session — writes Terraform's exit status to `<id>.exit` when it ends, whether or
 * not the CLI that started it is still there. `<id>.json` says which process, command and files.
 */
export interface RunRecord {
  id: string;
  /** The wrapper's pid: leader of the process group Terraform runs in. */
  pid: number;
  /** terraform's arguments ("apply -json …"). */
  args: string[];
  /** "apply (env mock)". */
  what: string;
  env: string;
  startedAt: string;
  /** Terraform's stdout (with -json: one JSON event a line). */
  log: string;
  /** Terraform's stderr. */
  errorLog: string;
  /** Where the wrapper writes Terraform's exit status. */
  exitFile: string;
  /** The CLI process that started the run. */
  cliPid: number;
}

/** How many finished runs an env keeps (the newest; older runs' files are removed when a run starts). */
const KEPT_RUNS = 20;

const runsDir = (env: Pick<Environment, 'dataDir'>) => join(env.dataDir, 'runs');

/**
 * `sh -c WRAPPER <exit file> <terraform> <args…>`: runs Terraform, then writes its exit status. The
 * trap keeps the wrapper alive through the interrupt sent to the whole group (a caught signal is reset
 * to its default in Terraform, which handles it itself), so the status is always written.
 */
export const WRAPPER = 'trap : INT TERM HUP; "$@"; s=$?; echo "$s" > "$0"; exit "$s"';

/** Creates the run's files (0600 in a 0700 folder) and returns open descriptors for Terraform's output. */
export function prepareRun(
  env: Pick<Environment, 'dataDir' | 'name'>,
  args: string[],
  what: string,
): { record: Omit<RunRecord, 'pid'>; out: number; err: number } {
  const dir = runsDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  sweepRuns(dir);
  const id = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const base = join(dir, id);
  const record = {
    id,
    args,
    what,
    env: env.name,
    startedAt: new Date().toISOString(),
    log: `${base}.log`,
    errorLog: `${base}.stderr.log`,
    exitFile: `${base}.exit`,
    cliPid: process.pid,
  };
  const out = openSync(record.log, 'w', 0o600);
  let err: number;
  try {
    err = openSync(record.errorLog, 'w', 0o600);
  } catch (error) {
    closeSync(out);
    throw error;
  }
  return { record, out, err };
}

export function saveRecord(record: RunRecord): void {
  writeFileSync(recordFile(record), JSON.stringify(record), { mode: 0o600 });
}

const recordFile = (record: Pick<RunRecord, 'log'>) => record.log.replace(/\.log$/, '.json');

/** Removes every file of a run (a read-only command's output is not kept). */
export function removeRun(record: Omit<RunRecord, 'pid'>): void {
  for (const path of [record.log, record.errorLog, record.exitFile, recordFile(record)])
    rmSync(path, { force: true });
}

function readRecord(path: string): RunRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
    return typeof parsed.pid === 'number' && typeof parsed.exitFile === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The env's recorded runs, oldest first. */
export function listRuns(env: Pick<Environment, 'dataDir'>): RunRecord[] {
  const dir = runsDir(env);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b))
    .map((name) => readRecord(join(dir, name)))
    .filter((record): record is RunRecord => record !== undefined);
}

/** Terraform's exit status, once the wrapper wrote it. */
export function recordedExitCode(record: Pick<RunRecord, 'exitFile'>): number | undefined {
  try {
    const text = readFileSync(record.exitFile, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the run's wrapper is still alive: its pid exists and (where /proc tells) runs this run. */
function isRunAlive(record: Pick<RunRecord, 'pid' | 'exitFile'>): boolean {
  if (!isProcessAlive(record.pid)) return false;
  try {
    // A reused pid runs something else: the wrapper's command line names this run's exit file.
    return readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').includes(record.exitFile);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsProc();
  }
}

function existsProc(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

export type RunState =
  | { state: 'running' }
  | { state: 'finished'; exitCode: number }
  /** The wrapper died without writing Terraform's status (killed itself). */
  | { state: 'vanished' };

export function runState(record: RunRecord): RunState {
  const exitCode = recordedExitCode(record);
  if (exitCode !== undefined) return { state: 'finished', exitCode };
  if (isRunAlive(record)) return { state: 'running' };
  // The status may have been written between the two looks.
  const late = recordedExitCode(record);
  return late === undefined ? { state: 'vanished' } : { state: 'finished', exitCode: late };
}

/** The newest run of the env that is still going (started by any CLI process), if any. */
export function liveRun(env: Pick<Environment, 'dataDir'>): RunRecord | undefined {
  return listRuns(env)
    .reverse()
    .find((record) => runState(record).state === 'running');
}

/** Removes the files of finished runs beyond the newest KEPT_RUNS (never a running one). */
function sweepRuns(dir: string, keep = KEPT_RUNS): void {
  const env = { dataDir: join(dir, '..') };
  const finished = listRuns(env).filter((record) => runState(record).state !== 'running');
  for (const record of finished.slice(0, Math.max(0, finished.length - keep))) removeRun(record);
}

/**
 * Reads what was appended to a log since the last call (whole UTF-8 characters only), for following a
 * run: the CLI that started it, or `challenge attach` from another terminal.
 */
export function logReader(path: string): () => string {
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  const buffer = Buffer.alloc(64 * 1024);
  return () => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return '';
    }
    let text = '';
    try {
      const size = fstatSync(fd).size;
      while (offset < size) {
        const read = readSync(fd, buffer, 0, buffer.length, offset);
        if (read <= 0) break;
        offset += read;
        text += decoder.write(buffer.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
    return text;
  };
}
