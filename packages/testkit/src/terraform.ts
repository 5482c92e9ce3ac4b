import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (the folder holding pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('testkit: pnpm-workspace.yaml not found above ' + import.meta.url);
    dir = parent;
  }
  return dir;
}

let cliConfig: string | undefined;

/** Path of a Terraform CLI config that points at the local provider mirror (see .ci/terraform-cli-config.sh). */
export function terraformCliConfig(): string {
  cliConfig ??= execFileSync('bash', [join(repoRoot(), '.ci', 'terraform-cli-config.sh')], {
    encoding: 'utf8',
  }).trim();
  return cliConfig;
}

/** Environment for spawning terraform in tests: provider mirror, no colour, no checkpoint calls. */
export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: terraformCliConfig(),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    ...extra,
  };
}
