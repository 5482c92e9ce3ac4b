import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';
import { sleep } from '../sleep.js';
import { type LogLine, linesOf, taskIdOfStream } from './log-line.js';

export interface ReadLogOptions {
  /** Earliest event (ms since the epoch). */
  startTime: number;
  /** At most this many lines, the newest ones. */
  limit: number;
}

function groupNotFound(group: string): ChallengeError {
  return new ChallengeError(`Log group ${group} does not exist (yet) in this account/region.`, {
    code: 'LOG_GROUP_NOT_FOUND',
    hint: 'Check --env and the AWS profile/region; the group appears with the stack (`challenge apply`).',
  });
}

interface FilteredEvent {
  eventId?: string;
  logStreamName?: string;
  timestamp?: number;
  message?: string;
}

async function* filteredEvents(
  clients: AwsClients,
  group: string,
  startTime: number,
  signal?: AbortSignal,
): AsyncGenerator<FilteredEvent> {
  const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const client = await clients.logs();
  let nextToken: string | undefined;
  do {
    let page: { events?: FilteredEvent[]; nextToken?: string };
    try {
      page = await client.send(new FilterLogEventsCommand({ logGroupName: group, startTime, nextToken }), {
        abortSignal: signal,
      });
    } catch (error) {
      if (signal?.aborted) return;
      if (awsErrorName(error) === 'ResourceNotFoundException') throw groupNotFound(group);
      throw error;
    }
    yield* page.events ?? [];
    nextToken = page.nextToken;
  } while (nextToken);
}

const lineOf = (event: FilteredEvent) =>
  linesOf(event, taskIdOfStream(event.logStreamName ?? ''), event.logStreamName ?? '');

/** The newest `limit` lines of a log group since `startTime`, across its streams, newest last. */
export async function readLogGroup(
  clients: AwsClients,
  group: string,
  options: ReadLogOptions,
): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  for await (const event of filteredEvents(clients, group, options.startTime)) {
    lines.push(...lineOf(event));
    if (lines.length > options.limit * 2) lines.splice(0, lines.length - options.limit);
  }
  return lines.slice(-options.limit);
}

/**
 * Tails a log group: calls `onLine` for each line newer than `startTime` as it arrives, polling every
 * `intervalMs`, until the signal aborts. Events already shown are not shown again.
 */
export async function followLogGroup(
  clients: AwsClients,
  group: string,
  options: { startTime: number; intervalMs: number; signal: AbortSignal; onLine: (line: LogLine) => void },
): Promise<void> {
  let from = options.startTime;
  let seen = new Set<string>();
  while (!options.signal.aborted) {
    for await (const event of filteredEvents(clients, group, from, options.signal)) {
      if (options.signal.aborted) return;
      const id = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
      if (seen.has(id)) continue;
      const timestamp = event.timestamp ?? from;
      if (timestamp > from) {
        // Events at the newest millisecond may still arrive: keep their ids, drop the older ones.
        from = timestamp;
        seen = new Set();
      }
      seen.add(id);
      for (const line of lineOf(event)) options.onLine(line);
    }
    await sleep(options.intervalMs, options.signal);
  }
}
