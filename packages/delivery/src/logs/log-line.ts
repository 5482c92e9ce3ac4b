/** One line of a log, whichever log it comes from. */
export interface LogLine {
  timestamp: Date;
  /** Who wrote it: the ECS task id for the app's log, the build id for a build log. */
  source: string;
  stream: string;
  message: string;
}

/** The ECS task id of an awslogs stream ("<prefix>/<container>/<task id>"). */
export function taskIdOfStream(stream: string): string {
  return stream.split('/').pop() ?? stream;
}

/** One CloudWatch event as lines (an event may hold several; the trailing newline is not a line). */
export function linesOf(
  event: { timestamp?: number; message?: string },
  source: string,
  stream: string,
): LogLine[] {
  const timestamp = new Date(event.timestamp ?? 0);
  return (event.message ?? '')
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((message) => ({ timestamp, source, stream, message }));
}
