import { wrapLine } from './wrap.js';

/** A line's own indent and list marker ("  2. ", "     Fix: "): continuation lines align after it. */
const LEAD = /^(\s*(?:\d+\. |Fix: |✗ )?)(.*)$/;

/**
 * Several lines, each longer than `width` word-wrapped to it without breaking a word (shorter lines stay
 * as they are); a continuation lines up after the line's indent and marker. `prefix` starts the first line.
 */
export function wrapBlock(text: string, width: number, prefix = ''): string {
  return text
    .split('\n')
    .map((line, index) => {
      if (index === 0 && prefix)
        return `${prefix}${line}`.length <= width ? `${prefix}${line}` : wrapLine(prefix, line, width);
      if (line.length <= width) return line;
      const [, lead = '', rest = ''] = LEAD.exec(line) ?? [];
      // A plain line's continuation is indented two columns, so it reads as one paragraph.
      return lead === '' ? wrapLine('', rest, width).replaceAll('\n', '\n  ') : wrapLine(lead, rest, width);
    })
    .join('\n');
}
