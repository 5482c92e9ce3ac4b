import { terraformEnv } from '@challenge/testkit';
import { spawn } from 'node-pty';
import { cliBin } from './cli.js';

export const ENTER = '\r';
export const DOWN = '\x1b[B';
export const UP = '\x1b[A';
export const CTRL_C = '\x03';

/** Loaded machines are slow: a prompt may take long to appear, but it must appear. */
const PROMPT_TIMEOUT_MS = 30_000;

/**
 * The built CLI on a pseudo-terminal, driven like a user: wait for a text to appear (never a fixed
 * sleep), then type. Texts are searched after the previous one, so the same prompt asked again is
 * found again only once it is shown again.
 */
export function terminal(args: string[], env: NodeJS.ProcessEnv = {}) {
  const pty = spawn('node', [cliBin, ...args], {
    cols: 200,
    rows: 50,
    env: terraformEnv({ ...env, CI: '', NO_COLOR: '1', TERM: 'xterm' }) as Record<string, string>,
  });
  let output = '';
  let seen = 0;
  let exitCode: number | undefined;
  pty.onData((data) => {
    output += data;
  });
  const exited = new Promise<number>((resolve) =>
    pty.onExit(({ exitCode: code }) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const waitFor = async (text: string, timeoutMs = PROMPT_TIMEOUT_MS): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!output.slice(seen).includes(text)) {
      if (exitCode !== undefined || Date.now() > deadline) {
        throw new Error(
          `"${text}" never appeared${exitCode === undefined ? '' : ` (exited ${exitCode})`}; output:\n${output}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    seen = output.indexOf(text, seen) + text.length;
  };
  return {
    /** Waits for `prompt` (after everything awaited so far), then types `keys`. */
    async answer(prompt: string, keys: string): Promise<void> {
      await waitFor(prompt);
      pty.write(keys);
    },
    /** Waits for a text (a message shown before a question is asked again). */
    expect: waitFor,
    /** Types `keys` now (after something else happened meanwhile, e.g. another CLI run). */
    write: (keys: string) => pty.write(keys),
    exited,
    output: () => output,
    /** What was shown after the last awaited text. */
    rest: () => output.slice(seen),
  };
}
