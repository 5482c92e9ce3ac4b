/** The user asked for JSON output (`--json` before any `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const json = argv.indexOf('--json');
  return json !== -1 && (end === -1 || json < end);
}
