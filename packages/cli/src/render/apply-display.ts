import type { ApplyEvent, ApplyOptions, ApplyProgress } from '@challenge/infra/plan-and-apply';
import { condense, isCi } from '@challenge/infra/plan-and-apply';
import type { ListrTaskWrapper } from 'listr2';
import { formatSeconds } from './diagnosis.js';
import { isTerminal, stdioStream, writeStderr } from './stdio.js';

/** How an apply or destroy shows its progress, chosen from --json, --verbose and the terminal. */
export interface ApplyDisplay extends Pick<ApplyOptions, 'onEvent' | 'onOutput'> {
  /** A live task list that shows its own title (no "› step" line needed). */
  live: boolean;
  /** Ends the display once Terraform is done; on success it prints the slowest resources. */
  finish(ok: boolean, progress?: ApplyProgress): Promise<void>;
}

const ING: Record<string, string> = {
  create: 'creating',
  update: 'updating',
  delete: 'destroying',
  replace: 'replacing',
  read: 'reading',
};
const ED: Record<string, string> = {
  create: 'created',
  update: 'updated',
  delete: 'destroyed',
  replace: 'replaced',
  read: 'read',
};
const ing = (action: string) => ING[action] ?? action;
const ed = (action: string) => ED[action] ?? `${action} done`;
const seconds = (value: number) => formatSeconds(Math.max(0, Math.round(value)));

/** One event as one line of text (no colour, no cursor movement). */
function eventLine(event: ApplyEvent, progress: ApplyProgress): string {
  switch (event.type) {
    case 'planned':
      return `planned: ${event.action} ${event.address}`;
    case 'started':
      return `${event.address}: ${ing(event.action)}…`;
    case 'progress':
      return `${event.address}: still ${ing(event.action)} (${seconds(event.elapsedSeconds)})`;
    case 'completed':
      return `${event.address}: ${ed(event.action)} in ${seconds(event.elapsedSeconds)} [${progress.done}/${progress.total}]`;
    case 'errored':
      return `${event.address}: ${event.action} failed after ${seconds(event.elapsedSeconds)}`;
    case 'diagnostic':
      return `${event.severity}${event.address ? ` (${event.address})` : ''}: ${condense(event.summary, event.detail)}`;
    case 'summary':
      return `done: ${event.add} added, ${event.change} changed, ${event.remove} destroyed`;
    case 'stopping':
      return 'interrupted: Terraform is stopping (it finishes what is in flight and releases the state lock)';
  }
}

/** "slowest: aws_lb.main 3 min 2 s, …" after a successful run (nothing when nothing ran). */
function slowestLine(progress: ApplyProgress): string | undefined {
  const slowest = progress.slowest(3);
  if (slowest.length === 0) return undefined;
  return `slowest: ${slowest.map((run) => `${run.address} ${seconds(run.seconds)}`).join(', ')}`;
}

const timestamp = (at: Date) => at.toISOString().replace(/\.\d+Z$/, 'Z');

/** Without a terminal (CI, a pipe): one timestamped line per event on stderr. */
function plainDisplay(): ApplyDisplay {
  return {
    live: false,
    onEvent: (event, progress) => writeStderr(`${timestamp(event.at)}  ${eventLine(event, progress)}\n`),
    async finish(ok, progress) {
      const line = ok && progress ? slowestLine(progress) : undefined;
      if (line) writeStderr(`${line}\n`);
    },
  };
}

/** `--json --verbose`: each event as a JSON line on stderr (stdout keeps the one final result). */
function jsonLinesDisplay(): ApplyDisplay {
  return {
    live: false,
    onEvent: (event, progress) =>
      writeStderr(
        `${JSON.stringify({ ...event, at: event.at.toISOString(), done: progress.done, total: progress.total })}\n`,
      ),
    async finish() {},
  };
}

/** In-flight resources with their elapsed time, slowest first. */
function inFlightText(progress: ApplyProgress, now: number): string {
  return [...progress.inFlight.values()]
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
    .map((run) => `${run.address}  ${ing(run.action)}  ${seconds((now - run.startedAt.getTime()) / 1000)}`)
    .join('\n');
}

/** On a terminal: a listr2 task with done/total and every in-flight resource with its elapsed time. */
async function liveDisplay(title: string): Promise<ApplyDisplay> {
  // Loaded here (STARTUP RULE): only an apply on a terminal pays for listr2.
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const started = Date.now();
  let latest: ApplyProgress | undefined;
  let control: { task: ListrTaskWrapper<unknown, never, never>; end: (error?: Error) => void } | undefined;
  let running: Promise<void> = Promise.resolve();
  const ready = new Promise<void>((resolve) => {
    const list = new Listr(
      [
        {
          title,
          task: (_ctx, task) =>
            new Promise<void>((done, fail) => {
              control = {
                task: task as unknown as ListrTaskWrapper<unknown, never, never>,
                end: (error) => (error ? fail(error) : done()),
              };
              resolve();
            }),
          rendererOptions: { outputBar: true, persistentOutput: false },
        },
      ],
      {
        exitOnError: true,
        registerSignalListeners: false,
        rendererOptions: {
          logger: new ListrLogger({ processOutput: new ProcessOutput(stdioStream(2), stdioStream(2)) }),
          showErrorMessage: false,
        },
      },
    );
    running = list.run().then(
      () => undefined,
      () => undefined,
    );
  });
  await ready;
  const render = () => {
    if (!control || !latest) return;
    control.task.output = inFlightText(latest, Date.now());
    control.task.title = `${title}: ${latest.done}/${latest.total} done`;
  };
  const ticker = setInterval(render, 1000);
  ticker.unref();
  return {
    live: true,
    onEvent: (_event, progress) => {
      latest = progress;
      render();
    },
    async finish(ok, progress) {
      clearInterval(ticker);
      if (control) {
        const total = progress ? `${progress.done}/${progress.total}` : '';
        control.task.title = `${title}: ${ok ? `${total} done` : `failed (${total} done)`} in ${seconds((Date.now() - started) / 1000)}`;
        control.task.output = '';
        control.end(ok ? undefined : new Error('failed'));
      }
      await running;
      const line = ok && progress ? slowestLine(progress) : undefined;
      if (line) writeStderr(`${line}\n`);
    },
  };
}

/**
 * The display of an apply or destroy: Terraform's own output with --verbose (events as JSON lines on
 * stderr with --json --verbose), nothing but the final result with --json, a live task list on a
 * terminal, and one timestamped line per event otherwise (CI, pipes).
 */
export async function applyDisplay(options: {
  json: boolean;
  quiet?: boolean;
  verbose: boolean;
  title: string;
}): Promise<ApplyDisplay> {
  if (options.json && options.verbose) return jsonLinesDisplay();
  if (options.json || (options.quiet && !options.verbose)) {
    return { live: false, onEvent: () => {}, async finish() {} };
  }
  if (options.verbose) {
    return { live: false, onOutput: writeStderr, async finish() {} };
  }
  if (isTerminal(2) && !isCi()) return liveDisplay(options.title);
  return plainDisplay();
}
