import type { ApplyEvent } from './apply-events.js';
import { resourceType } from './summary.js';

/**
 * The actions the plan's counts are made of ("N to add, M to change, K to destroy"). A data source read
 * during the apply ("read") and a moved or forgotten resource are not: counting them made the progress say
 * 0/62 for a plan of 55 to add.
 */
const COUNTED = new Set(['create', 'update', 'delete', 'replace']);
const counted = (run: { action: string }) => COUNTED.has(run.action);

/** How many addresses a failure report names before summarising the rest by type. */
const NAMED = 5;

/**
 * A list of addresses in one line: all of them when few, else the count by resource type and the first
 * few ("40: 12 aws_iam_role_policy, 8 aws_lb_target_group, …; among them a, b, c, d, e").
 */
export function summariseAddresses(addresses: readonly string[]): string {
  if (addresses.length <= NAMED) return addresses.join(', ');
  const byType = new Map<string, number>();
  for (const address of addresses) {
    byType.set(resourceType(address), (byType.get(resourceType(address)) ?? 0) + 1);
  }
  const types = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = types.slice(0, NAMED).map(([type, count]) => `${count} ${type}`);
  if (types.length > NAMED) shown.push(`${types.length - NAMED} other types`);
  return `${shown.join(', ')}; among them ${addresses.slice(0, NAMED).join(', ')}`;
}

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
        if (counted(event)) this.planned.set(event.address, event.action);
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

  /** The changes of the plan (reads left out), the same number as the plan's summary. */
  get total(): number {
    return Math.max(
      this.planned.size,
      this.expected,
      this.completed.filter(counted).length + this.failed.filter(counted).length,
    );
  }

  get done(): number {
    return this.completed.filter(counted).length;
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
   * The fix of a failed apply, naming the first failed resource and its diagnostic (the report above
   * holds them), and how to rerun.
   */
  failureHint(rerun: string | undefined): string {
    const run = this.failed[0];
    const again = rerun ? `\`${rerun}\`` : 'the command';
    if (!run) return `Fix the error above, then run ${again} again.`;
    const error = this.errors.find((candidate) => candidate.address === run.address);
    const why = error ? ` (${condense(error.summary, '', 120)})` : '';
    return `Fix what made ${run.address} fail${why}, then run ${again} again: it applies what is not done yet (add --verbose to see Terraform's full output).`;
  }

  /**
   * Why the apply failed, for the error message: each failed resource with Terraform's diagnostic
   * (summary + detail, condensed) first, then what was already done and what was not, summarised by
   * resource type when long.
   */
  failureReport(options: { rerunPlan?: string | undefined } = {}): string {
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
    const done = this.completed.filter(counted).map((run) => run.address);
    lines.push(
      done.length === 0
        ? 'Nothing was done before the failure.'
        : `Already done (${done.length} of ${this.total}): ${summariseAddresses(done)}.`,
    );
    const left = this.notDone().filter((address) => !this.failed.some((run) => run.address === address));
    if (left.length > 0) {
      const all =
        left.length > NAMED && options.rerunPlan ? ` (\`${options.rerunPlan}\` lists them all)` : '';
      lines.push(`Not done (${left.length}): ${summariseAddresses(left)}.${all}`);
    }
    return lines.join('\n');
  }
}
