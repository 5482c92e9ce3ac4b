import { isatty } from 'node:tty';
/** True when CI is set to anything but an explicit "false"/"0" (CI=true, CI=1, CI=github...). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Prompts may be shown only when stdin is a TTY and we are not in CI. */
export function canPrompt(
  env: NodeJS.ProcessEnv = process.env,
  stdin: { isTTY?: boolean } = { isTTY: isatty(0) },
): boolean {
  return Boolean(stdin.isTTY) && !isCi(env);
}

/** Colour only for a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(
  env: NodeJS.ProcessEnv = process.env,
  stream: { isTTY?: boolean } = process.stdout,
): boolean {
  return Boolean(stream.isTTY) && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '');
}
