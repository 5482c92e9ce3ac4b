import { assertPreflight, type Environment, runAwsPreflight } from '@challenge/infra/plan-and-apply';
import { renderCheck } from './render/checks.js';
import { isTerminal, writeStderr } from './render/stdio.js';
import { terminalWidth } from './render/wrap.js';

/**
 * Runs the AWS preflight of an env and stops the command before Terraform when a check fails: the check
 * lines go to stderr (wrapped to the terminal), the error is a short summary with the fixes.
 */
export async function preflight(
  env: Environment,
  options: { skip: boolean; json: boolean; codeCommitUnverified?: boolean },
): Promise<void> {
  if (options.skip) return;
  const results = await runAwsPreflight(env, { codeCommitUnverified: options.codeCommitUnverified ?? false });
  if (!options.json) {
    const width = terminalWidth(isTerminal(2) ? process.stderr : {});
    for (const result of results) writeStderr(`${renderCheck(result, width, { withFix: false })}\n`);
  }
  assertPreflight(results, { detailsShown: !options.json });
}
