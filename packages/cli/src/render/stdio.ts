import { writeSync } from 'node:fs';

/**
 * stdout and stderr for plan/apply/destroy, written to their file descriptors. Node builds
 * process.stdout/stderr on first use, and for pipes that means sockets (~5 ms, a tenth of what a
 * no-change apply may spend besides its terraform plan); these commands write a few lines, so they skip
 * the streams. A write that would block a non-blocking descriptor (EAGAIN) hands the rest, and every
 * later write to that descriptor, to the stream, so the order stays. A closed reader (EPIPE, as in
 * `challenge plan | head -1`) ends the process with 0, as bin/run.js does for the streams.
 */

type Fd = 1 | 2;

const onStream = new Set<Fd>();
const guarded = new Set<Fd>();

/** process.stdout or process.stderr, with bin/run.js's EPIPE rule attached once. */
export function stdioStream(fd: Fd): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!guarded.has(fd)) {
    guarded.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return stream;
}

function write(fd: Fd, text: string): void {
  let rest = Buffer.from(text);
  if (!onStream.has(fd)) {
    try {
      while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      onStream.add(fd);
    }
  }
  stdioStream(fd).write(rest);
}

export const writeStdout = (text: string): void => write(1, text);
export const writeStderr = (text: string): void => write(2, text);

/** Whether a descriptor is a terminal, without building its stream. */
export { isTerminal } from '@challenge/infra/plan-and-apply';
