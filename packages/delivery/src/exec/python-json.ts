/**
 * JSON text as Python's `json.dumps` writes it with its defaults (", " and ": " separators, DEL and non-ASCII
 * escaped as \uXXXX): the AWS CLI hands the session-manager-plugin its arguments in this form.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([key, v]) => `${pythonJsonDumps(key)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}
