import { validateEnvName } from '../../environment/env-name.js';
import { displayPath } from '../../tfvars/display-path.js';
import { type EnvFiles, readEnvFiles } from '../context.js';
import { defineStep, refusing } from '../step.js';

/** The environment: names the files everything else is read from and written to. */
export const envNameStep = defineStep<string, EnvFiles>({
  name: 'env',
  missingFlag: '--env <name>',
  given: (ctx) => ctx.flags.env,
  // Without a terminal the env defaults to mock, as before; at a prompt, the env a failed run left is offered.
  current: (ctx) => (ctx.interactive ? undefined : 'mock'),
  suggestion: (ctx) => ctx.pendingEnvs[0] ?? 'mock',
  ask: (_ctx, asker, question) =>
    asker.input({ message: 'Environment name', ...(question.default ? { default: question.default } : {}) }),
  check: (ctx, answer) =>
    refusing(async () => {
      validateEnvName(answer);
      const files = await readEnvFiles(ctx.rootDir, answer);
      return {
        ok: true,
        value: files,
        ...(files.pending
          ? {
              note: `Resuming with the answers a failed run saved at ${files.pending.savedAt} (${displayPath(files.settingsPath)}).`,
            }
          : {}),
      };
    }, ['INVALID_ENV_NAME']),
  settle: (ctx, files) => {
    ctx.env = files;
  },
});
