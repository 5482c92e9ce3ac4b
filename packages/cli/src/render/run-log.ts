/**
 * Terraform's log as a person reads it: a `-json` event line becomes its "@message" (what Terraform
 * prints without -json), other lines stay as they are. Text may end mid-line: the rest waits for the
 * next call.
 */
export function runLogPrinter(print: (line: string) => void): (text: string) => void {
  let partial = '';
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) print(readableLine(line));
  };
}

function readableLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const event = JSON.parse(line) as { '@message'?: unknown };
    return typeof event['@message'] === 'string' ? event['@message'] : line;
  } catch {
    return line;
  }
}
