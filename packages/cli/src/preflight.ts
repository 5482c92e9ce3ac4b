import { assertPreflight, type Environment, runAwsPreflight } from '@challenge/infra/plan-and-apply';
import { renderPreflight } from './render/checks.js';
import { isTerminal, writeStderr } from './render/stdio.js';
import { terminalWidth } from './render/wrap.js';

/**
 * Runs the AWS preflight of an env and stops the command before Terraform when a check fails: the check
 * lines go to stderr (one line when all pass, every check when one does not; nothing with --quiet or
 * --json, where the error carries the details), the error is a short summary with the fixes.
 */
export async function preflight(
  env: Environment,
  options: { skip: boolean; json: boolean; quiet?: boolean; codeCommitUnverified?: boolean },
): Promise<void> {
  if (options.skip) return;
  const results = await runAwsPreflight(env, { codeCommitUnverified: options.codeCommitUnverified ?? false });
  const shown = !options.json && !options.quiet;
  if (shown) {
    const width = terminalWidth(isTerminal(2) ? process.stderr : {});
    writeStderr(`${renderPreflight(results, width)}\n`);
  }
  assertPreflight(results, { detailsShown: shown });
}
