import { useColor } from '../interactive.js';

/** `-no-color` unless stderr is a colour terminal without NO_COLOR. */
export function colorArgs(): string[] {
  return useColor(process.env, process.stderr) ? [] : ['-no-color'];
}
