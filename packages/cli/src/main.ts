import { Errors, flush, run } from '@oclif/core';
import { wantsJson } from './render/json-flag.js';

/**
 * The CLI's entry point: runs oclif, and renders every error that escapes a command — unknown command,
 * `help` of an unknown command, errors in hooks — the way commands do (Error/Fix, or JSON with --json),
 * with the README's exit codes (1 for errors, never oclif's 2 or 127).
 */
export async function main(argv: string[], root: string): Promise<void> {
  const json = wantsJson(argv);
  try {
    await run(argv, root);
    await flush();
  } catch (error) {
    if (error instanceof Errors.ExitError) {
      process.exitCode = error.oclif.exit ?? 1;
      return;
    }
    // Loaded only on this path: --version and help must not pay for the libraries' import.
    const { asChallengeError, writeError } = await import('./render/errors.js');
    const known = asChallengeError(error, argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined);
    writeError(known, json);
    process.exitCode = known.exitCode;
  }
}
