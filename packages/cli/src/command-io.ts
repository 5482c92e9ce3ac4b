/** What a command's flow needs of its command: whether --json is on, and where its text goes. */
export interface CommandIo {
  json: boolean;
  /** A line of text on stdout; nothing under --json (stdout then carries only the JSON result). */
  log(text: string): void;
}

/** What a flow ends with: the --json result, and an exit code when it is not 0. */
export interface CommandOutcome {
  result: Record<string, unknown>;
  exitCode?: number;
}
