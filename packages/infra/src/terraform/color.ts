import { isTerminal, useColor } from '../interactive.js';

/** `-no-color` unless stderr is a colour terminal without NO_COLOR (asked of the descriptor: building
 * process.stderr costs a few ms when it is a pipe). */
export function colorArgs(): string[] {
  return useColor(process.env, { isTTY: isTerminal(2) }) ? [] : ['-no-color'];
}
