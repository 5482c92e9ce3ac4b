/** Columns of the terminal a stream writes to; 80 when it is not a terminal or does not say. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return knownWidth(stream) ?? 80;
}

/** Columns of the terminal a stream writes to, or of `COLUMNS`; undefined for a pipe or file that has none. */
export function knownWidth(
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
): number | undefined {
  if (stream.isTTY && stream.columns && stream.columns > 20) return stream.columns;
  const fromEnv = Number(process.env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : undefined;
}

/** `prefix` + text word-wrapped to `width`, every line of text hanging under the prefix (long words cut). */
export function fitUnder(prefix: string, text: string, width: number): string {
  const indent = ' '.repeat(prefix.length);
  return text
    .split('\n')
    .map((line, i) => {
      const first = i === 0 ? prefix : indent;
      const own = /^ */.exec(line)?.[0] ?? '';
      return wrapLine(
        first + own,
        cutLongWords(line.slice(own.length), width - first.length - own.length),
        width,
      );
    })
    .join('\n');
}

/** Words longer than `room` (an ARN, a URL) cut into pieces that fit. */
function cutLongWords(text: string, room: number): string {
  const size = Math.max(room, 10);
  return text
    .split(/ +/)
    .flatMap((word) => word.match(new RegExp(`.{1,${size}}`, 'g')) ?? [''])
    .join(' ');
}

/**
 * Every line of `text` fitted to `width`: a longer line is word-wrapped with its own indentation kept, and
 * a word longer than the room left (an ARN, a URL) is cut into pieces, so no line exceeds the width.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^ */.exec(line)?.[0] ?? '';
      return wrapLine(indent, cutLongWords(line.slice(indent.length), width - indent.length), width);
    })
    .join('\n');
}
/** A two-column table's column widths (with cli-table3's padding) so the whole table fits `width`. */
export function twoColumnWidths(firstColumn: string[], width: number): [number, number] {
  const first = Math.min(Math.max(...firstColumn.map((cell) => cell.length), 4) + 2, Math.floor(width / 3));
  // Three borders: │ first │ second │
  return [first, Math.max(width - first - 3, 10)];
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
