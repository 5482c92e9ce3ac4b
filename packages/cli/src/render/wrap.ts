/** Columns of the terminal a stream writes to; 80 when it is not a terminal or does not say. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (stream.isTTY && stream.columns && stream.columns > 20) return stream.columns;
  const fromEnv = Number(process.env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : 80;
}

/**
 * `prefix` then `text` word-wrapped to `width` columns, continuation lines indented to the prefix's
 * width. A word longer than the room left (a path, a URL) stays whole on its own line rather than cut.
 */
export function wrapLine(prefix: string, text: string, width: number): string {
  const indent = prefix.length;
  const room = Math.max(width - indent, 20);
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/ +/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= room || current === '') current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines.map((line, i) => `${i === 0 ? prefix : ' '.repeat(indent)}${line}`).join('\n');
}
