import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Whether a standard descriptor (0, 1, 2) is a terminal, as tty.isatty says, without loading node:tty when
 * fstat already says no: node:tty loads node:net (~5 ms on a command's startup), and a pipe, a file or a
 * socket is never a terminal. Only a character device (a terminal, /dev/null) is asked of node:tty.
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  // Any absolute path serves createRequire for a built-in module; node's own path always exists.
  const { isatty } = createRequire(process.execPath)('node:tty') as typeof import('node:tty');
  return isatty(fd);
}
/** True when CI is set to anything but an explicit "false"/"0" (CI=true, CI=1, CI=github...). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Prompts may be shown only when stdin is a TTY and we are not in CI. */
export function canPrompt(
  env: NodeJS.ProcessEnv = process.env,
  stdin: { isTTY?: boolean } = { isTTY: isTerminal(0) },
): boolean {
  return Boolean(stdin.isTTY) && !isCi(env);
}

/** Colour only for a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(
  env: NodeJS.ProcessEnv = process.env,
  stream: { isTTY?: boolean } = { isTTY: isTerminal(1) },
): boolean {
  return Boolean(stream.isTTY) && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '');
}
