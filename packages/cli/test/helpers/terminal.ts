import { terraformEnv } from '@challenge/testkit';
import { spawn } from 'node-pty';
import { cliBin } from './cli.js';

/** The built CLI on a pseudo-terminal (prompts allowed): wait for text, then type like a user. */
export function terminal(args: string[], env: NodeJS.ProcessEnv = {}) {
  const pty = spawn('node', [cliBin, ...args], {
    cols: 200,
    rows: 50,
    env: terraformEnv({ ...env, CI: '', NO_COLOR: '1', TERM: 'xterm' }) as Record<string, string>,
  });
  let output = '';
  pty.onData((data) => {
    output += data;
  });
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    async waitFor(text: string, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (Date.now() > deadline) throw new Error(`"${text}" never appeared; output:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    write: (keys: string) => pty.write(keys),
    exited,
    output: () => output,
  };
}
