/** `-- CMD ARGS...` as the one command string ExecuteCommand takes, each argument quoted when it must be. */
export function commandLine(argv: string[]): string {
  if (argv.length === 0) return '/bin/sh';
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`))
    .join(' ');
}
