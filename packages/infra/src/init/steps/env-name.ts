import { validateEnvName } from '../../environment/env-name.js';
import { displayPath } from '../../tfvars/display-path.js';
import { type EnvFiles, readEnvFiles } from '../context.js';
import { defineStep, refusing } from '../step.js';

/** The environment: names the files everything else is read from and written to. */
export const envNameStep = defineStep<string, EnvFiles>({
  name: 'env',
  missingFlag: (ctx) =>
    ctx.envs.length > 1
      ? `--env <name> (the root defines several envs: ${ctx.envs.join(', ')})`
      : '--env <name> (the root defines no env yet, e.g. mock)',
  given: (ctx) => ctx.flags.env,
  // Without a terminal only the root's single env is taken (as plan does): several are never defaulted.
  current: (ctx) => (!ctx.interactive && ctx.envs.length === 1 ? ctx.envs[0] : undefined),
  suggestion: (ctx) => ctx.pendingEnvs[0] ?? (ctx.envs.length === 1 ? ctx.envs[0] : undefined) ?? 'mock',
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
              note: `Resuming with the answers an earlier run saved at ${files.pending.savedAt} (${displayPath(files.settingsPath)}).`,
            }
          : {}),
      };
    }, ['INVALID_ENV_NAME']),
  settle: (ctx, files) => {
    ctx.env = files;
  },
});
