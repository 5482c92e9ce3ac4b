/** Columns of the terminal a stream writes to; 80 when it is not a terminal or does not say. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (stream.isTTY && stream.columns && stream.columns > 20) return stream.columns;
  const fromEnv = Number(process.env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : 80;
}

/**
 * Word-wraps one line to `width` columns; continuation lines start with `indent` spaces. A word longer
 * than the room left (a path, a URL) stays whole on its own line rather than being cut.
 */
export function wrapLine(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/ +/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    const limit = lines.length === 0 ? width : width - indent;
    if (candidate.length <= limit || current === '') current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines.map((line, i) => (i === 0 ? line : `${' '.repeat(indent)}${line}`)).join('\n');
}
