import type { ApplyEvent } from './apply-events.js';

export interface ResourceRun {
  address: string;
  action: string;
  /** Terraform's own count, whole seconds. */
  seconds: number;
}

export interface InFlight {
  address: string;
  action: string;
  startedAt: Date;
}

/** A Terraform diagnostic in one line: "summary: detail", whitespace collapsed, cut at `max` characters. */
export function condense(summary: string, detail: string, max = 400): string {
  const text = [summary, detail]
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(': ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Everything an apply (or destroy) has done so far, built from its events. */
export class ApplyProgress {
  readonly planned = new Map<string, string>();
  readonly inFlight = new Map<string, InFlight>();
  readonly completed: ResourceRun[] = [];
  readonly failed: ResourceRun[] = [];
  readonly errors: Array<{ summary: string; detail: string; address: string | undefined }> = [];
  stopping = false;

  constructor(
    /** Changes the saved plan holds (its summary), until Terraform lists them itself. */
    private readonly expected: number,
  ) {}

  record(event: ApplyEvent): void {
    switch (event.type) {
      case 'planned':
        this.planned.set(event.address, event.action);
        break;
      case 'started':
        this.inFlight.set(event.address, {
          address: event.address,
          action: event.action,
          startedAt: event.at,
        });
        break;
      case 'completed':
      case 'errored': {
        this.inFlight.delete(event.address);
        const run = { address: event.address, action: event.action, seconds: event.elapsedSeconds };
        (event.type === 'completed' ? this.completed : this.failed).push(run);
        break;
      }
      case 'diagnostic':
        if (event.severity === 'error') this.errors.push(event);
        break;
      case 'stopping':
        this.stopping = true;
        break;
      default:
        break;
    }
  }

  get total(): number {
    return Math.max(this.planned.size, this.expected, this.completed.length + this.failed.length);
  }

  get done(): number {
    return this.completed.length;
  }

  /** The slowest finished resources, slowest first. */
  slowest(count = 3): ResourceRun[] {
    return [...this.completed].sort((a, b) => b.seconds - a.seconds).slice(0, count);
  }

  /** Planned changes that neither finished nor failed. */
  notDone(): string[] {
    const finished = new Set([...this.completed, ...this.failed].map((run) => run.address));
    return [...this.planned.keys()].filter((address) => !finished.has(address));
  }

  /**
   * Why the apply failed, for the error message: each failed resource with Terraform's diagnostic
   * (summary + detail, condensed), then what was already done and what was not.
   */
  failureReport(): string {
    const lines: string[] = [];
    const explained = new Set<string>();
    for (const run of this.failed) {
      const own = this.errors.filter((error) => error.address === run.address);
      for (const error of own) explained.add(`${error.summary}\0${error.detail}`);
      const why = own.map((error) => condense(error.summary, error.detail)).join('; ');
      lines.push(`${run.address} (${run.action}, after ${run.seconds}s): ${why || 'failed'}`);
    }
    const others = this.errors.filter(
      (error) => !explained.has(`${error.summary}\0${error.detail}`) && error.summary !== 'execution halted',
    );
    for (const error of others) {
      lines.push(`${error.address ? `${error.address}: ` : ''}${condense(error.summary, error.detail)}`);
    }
    const done = this.completed.map((run) => run.address);
    lines.push(
      done.length === 0
        ? 'Nothing was done before the failure.'
        : `Already done (${done.length} of ${this.total}): ${done.join(', ')}.`,
    );
    const left = this.notDone().filter((address) => !this.failed.some((run) => run.address === address));
    if (left.length > 0) lines.push(`Not done: ${left.join(', ')}.`);
    return lines.join('\n');
  }
}
