import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeLogEvent {
  /** Milliseconds since the epoch. */
  timestamp: number;
  message: string;
  ingestionTime?: number;
}

/** Log groups by name, each a map of stream name -> events (kept in timestamp order by appendLogEvents). */
export type FakeLogGroups = Record<string, Record<string, FakeLogEvent[]>>;

/** Adds events to a stream (creating group and stream), keeping the stream in timestamp order. */
export function appendLogEvents(
  groups: FakeLogGroups,
  group: string,
  stream: string,
  events: FakeLogEvent[],
): void {
  const streams = groups[group] ?? {};
  groups[group] = streams;
  const target = streams[stream] ?? [];
  streams[stream] = target;
  target.push(...events);
  target.sort((a, b) => a.timestamp - b.timestamp);
}

const MAX_LIMIT = 10_000;

function groupOf(groups: FakeLogGroups, body: Record<string, unknown>) {
  const identifier = String(body['logGroupName'] ?? body['logGroupIdentifier'] ?? '');
  // logGroupIdentifier may be an ARN: arn:aws:logs:<region>:<account>:log-group:<name>
  const name = identifier.includes(':log-group:') ? (identifier.split(':log-group:')[1] ?? '') : identifier;
  return groups[name.replace(/:\*$/, '')];
}

function limitOf(body: Record<string, unknown>): number | string {
  const limit = body['limit'] ?? MAX_LIMIT;
  if (typeof limit !== 'number' || limit < 1 || limit > MAX_LIMIT) {
    return `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`;
  }
  return limit;
}

const inRange = (event: FakeLogEvent, body: Record<string, unknown>) =>
  (typeof body['startTime'] !== 'number' || event.timestamp >= body['startTime']) &&
  (typeof body['endTime'] !== 'number' || event.timestamp < body['endTime']);

/** The subset of the filter pattern syntax the CLI may send: space-separated terms that must all occur. */
function matches(message: string, pattern: unknown): boolean {
  if (typeof pattern !== 'string' || pattern.trim() === '') return true;
  return pattern
    .trim()
    .split(/\s+/)
    .map((term) => term.replace(/^"|"$/g, ''))
    .every((term) => message.includes(term));
}

function eventShape(event: FakeLogEvent) {
  return {
    timestamp: event.timestamp,
    message: event.message,
    ingestionTime: event.ingestionTime ?? event.timestamp + 150,
  };
}

function filterLogEvents(groups: FakeLogGroups, request: FakeAwsRequest) {
  const body = request.json ?? {};
  const group = groupOf(groups, body);
  if (!group) return jsonError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
  const limit = limitOf(body);
  if (typeof limit === 'string') return jsonError(400, 'InvalidParameterException', limit);
  const names = body['logStreamNames'] as string[] | undefined;
  const prefix = typeof body['logStreamNamePrefix'] === 'string' ? body['logStreamNamePrefix'] : undefined;
  const all = Object.entries(group)
    .filter(
      ([stream]) =>
        (names === undefined || names.includes(stream)) &&
        (prefix === undefined || stream.startsWith(prefix)),
    )
    .flatMap(([stream, events]) => events.map((event, index) => ({ stream, index, event })))
    .filter(({ event }) => inRange(event, body) && matches(event.message, body['filterPattern']))
    .sort(
      (a, b) =>
        a.event.timestamp - b.event.timestamp || a.stream.localeCompare(b.stream) || a.index - b.index,
    );
  const start = typeof body['nextToken'] === 'string' ? Number(body['nextToken']) : 0;
  const slice = all.slice(start, start + limit);
  return jsonResult({
    events: slice.map(({ stream, index, event }) => ({
      logStreamName: stream,
      ...eventShape(event),
      eventId: `${event.timestamp}${String(index).padStart(20, '0')}${stream.length}`,
    })),
    searchedLogStreams: [],
    ...(start + limit < all.length ? { nextToken: String(start + limit) } : {}),
  });
}

/** GetLogEvents: "f/<n>" / "b/<n>" tokens are positions in the stream; at the end the forward token stays the same. */
function getLogEvents(groups: FakeLogGroups, request: FakeAwsRequest) {
  const body = request.json ?? {};
  const group = groupOf(groups, body);
  if (!group) return jsonError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
  const stream = group[String(body['logStreamName'] ?? '')];
  if (!stream) return jsonError(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
  const limit = limitOf(body);
  if (typeof limit === 'string') return jsonError(400, 'InvalidParameterException', limit);
  const positions = stream
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => inRange(event, body));
  const token = typeof body['nextToken'] === 'string' ? body['nextToken'] : undefined;
  let from: number;
  let to: number;
  if (token?.startsWith('f/')) {
    from = Number(token.slice(2));
    to = Math.min(positions.length, from + limit);
  } else if (token?.startsWith('b/')) {
    to = Number(token.slice(2));
    from = Math.max(0, to - limit);
  } else if (token !== undefined) {
    return jsonError(400, 'InvalidParameterException', 'The specified nextToken is invalid.');
  } else if (body['startFromHead'] === true) {
    from = 0;
    to = Math.min(positions.length, limit);
  } else {
    to = positions.length;
    from = Math.max(0, to - limit);
  }
  return jsonResult({
    events: positions.slice(from, to).map(({ event }) => eventShape(event)),
    nextForwardToken: `f/${String(to).padStart(56, '0')}`,
    nextBackwardToken: `b/${String(from).padStart(56, '0')}`,
  });
}

/**
 * DescribeLogGroups by logGroupNamePrefix, in name order, paged by limit (1-50) and nextToken.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 */
function describeLogGroups(groups: FakeLogGroups, request: FakeAwsRequest) {
  const body = request.json ?? {};
  const limit = body['limit'] ?? 50;
  if (typeof limit !== 'number' || limit < 1 || limit > 50) {
    return jsonError(
      400,
      'InvalidParameterException',
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50`,
    );
  }
  const prefix = typeof body['logGroupNamePrefix'] === 'string' ? body['logGroupNamePrefix'] : '';
  const names = Object.keys(groups)
    .filter((name) => name.startsWith(prefix))
    .sort();
  const start = typeof body['nextToken'] === 'string' ? Number(body['nextToken']) : 0;
  const page = names.slice(start, start + limit);
  return jsonResult({
    logGroups: page.map((name) => {
      const events = Object.values(groups[name] ?? {}).flat();
      return {
        logGroupName: name,
        creationTime: Math.min(Date.now(), ...events.map((event) => event.timestamp)),
        metricFilterCount: 0,
        arn: `arn:aws:logs:${request.region}:123456789012:log-group:${name}:*`,
        storedBytes: events.reduce((total, event) => total + event.message.length, 0),
      };
    }),
    ...(start + limit < names.length ? { nextToken: String(start + limit) } : {}),
  });
}

const LOGS = defineFakeService<FakeLogGroups>({
  model: 'logs',
  signingName: 'logs',
  protocol: 'json',
  operations: {
    FilterLogEvents: filterLogEvents,
    GetLogEvents: getLogEvents,
    DescribeLogGroups: describeLogGroups,
  },
});

/**
 * CloudWatch Logs (awsJson1_1, Logs_20140328): FilterLogEvents (oldest first across streams, paged with
 * nextToken) and GetLogEvents (the newest events by default, forward/backward tokens), with
 * ResourceNotFoundException for unknown groups and streams; DescribeLogGroups by name prefix. Mutate `groups` to add events while a test runs.
 */
export function cloudWatchLogsHandler(groups: FakeLogGroups): ServiceHandler {
  return LOGS.handler(groups);
}
