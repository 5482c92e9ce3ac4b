import { Config } from '@oclif/core';
import ChallengeHelp from './help-class.js';

/**
 * `challenge` and `challenge --help` (the root help) as oclif renders them, from one CommonJS bundle that
 * bin/run.js keeps in V8's code cache (src/code-cache.ts): oclif's ES module chunk costs more to compile
 * than to run, and this is the help a new user types first (`pnpm bench` measures it). What oclif's
 * `run` does for these two command lines is the same two steps: load the config, show the help with the
 * configured help class. bin/run.js sends any other command line, and any under DEBUG (oclif's traces),
 * through oclif's `run`.
 */
export async function showRootHelp(argv: readonly string[], root: string): Promise<void> {
  const config = await Config.load(root);
  const help = new ChallengeHelp(config, config.pjson.oclif.helpOptions ?? config.pjson.helpOptions);
  await help.showHelp([...argv]);
}
