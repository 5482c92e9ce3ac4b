import { writeSync } from 'node:fs';

/**
 * stdout and stderr for plan/apply/destroy, written to their file descriptors. Node builds
 * process.stdout/stderr on first use, and for pipes that means sockets (~5 ms, a tenth of what a
 * no-change apply may spend besides its terraform plan); these commands write a few lines, so they skip
 * the streams. A write that would block a non-blocking descriptor (EAGAIN) hands the rest, and every
 * later write to that descriptor, to the stream, so the order stays. A lost reader (EPIPE, as in
 * `challenge apply | head -3`) or a closed terminal (EIO) is not the end of the command: Terraform is
 * still running, so later writes to that descriptor are dropped and the command goes on to its end and
 * exits with its own status (a plan that finished is still 0, an apply that did not is never 0).
 */

type Fd = 1 | 2;

const LOST_OUTPUT = new Set(['EPIPE', 'EIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);
const onStream = new Set<Fd>();
const guarded = new Set<Fd>();
const lost = new Set<Fd>();

/** process.stdout or process.stderr, whose lost reader only silences it. */
export function stdioStream(fd: Fd): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!guarded.has(fd)) {
    guarded.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!LOST_OUTPUT.has(error.code ?? '')) throw error;
      lost.add(fd);
    });
  }
  return stream;
}

function write(fd: Fd, text: string): void {
  if (lost.has(fd)) return;
  let rest = Buffer.from(text);
  if (!onStream.has(fd)) {
    try {
      while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (LOST_OUTPUT.has(code)) {
        lost.add(fd);
        return;
      }
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
