import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

async function stateOf(
  root: string,
  env: string,
): Promise<{ resources: Array<{ type: string; name: string }> }> {
  return JSON.parse(await readFile(join(root, 'terraform.tfstate.d', env, 'terraform.tfstate'), 'utf8'));
}

describe('plan / apply / destroy lifecycle on a provider-less root', () => {
  it('applies, re-applies without init or changes, applies a change, then destroys', async () => {
    const root = await makeRoot(SIMPLE_ROOT);

    const first = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain('terraform init (first init of this environment)');
    expect(first.stdout).toContain('Plan for env mock: 1 to add, 0 to change, 0 to destroy.');
    expect(first.stdout).toMatch(/Outputs:\n\s+greeting\s+hello/);
    expect((await stateOf(root, 'mock')).resources.map((r) => r.name)).toEqual(['hello']);
    const fingerprint = join(root, '.terraform', 'envs', 'mock', 'challenge-init.json');
    const initStamp = (await stat(fingerprint)).mtimeMs;

    const again = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('terraform init');
    expect(again.stdout).toContain('No changes for env mock');
    expect(again.stdout).not.toContain('Applied');
    expect((await stat(fingerprint)).mtimeMs).toBe(initStamp);

    await writeFile(join(root, 'vars', 'mock.tfvars.json'), '{ "greeting": "bonjour" }\n');
    const plan = await runCli(['plan', '--dir', root, '--env', 'mock', '--detailed-exitcode', '--quiet']);
    expect(plan.exitCode).toBe(2);
    expect(plan.stdout).toContain('0 to add, 1 to change, 0 to destroy');
    expect(plan.stdout).toContain('  changes: 1 terraform_data');
    // --quiet: the result only, no progress lines.
    expect(plan.stderr).not.toContain('›');
    const changed = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes']);
    expect(changed.exitCode, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/greeting\s+bonjour/);
    expect(changed.stderr).not.toContain('terraform init');

    const destroyed = await runCli(['destroy', '--dir', root, '--env', 'mock', '--yes']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(destroyed.stdout).toContain('0 to add, 0 to change, 1 to destroy.');
    expect(destroyed.stdout).toContain('-   destroy  terraform_data.hello');
    expect((await stateOf(root, 'mock')).resources).toEqual([]);
    const plansLeft = await runCli(['plan', '--dir', root, '--env', 'mock', '--json']);
    const left = JSON.parse(plansLeft.stdout);
    expect(left.summary).toMatchObject({
      add: 1,
      changes: [{ address: 'terraform_data.hello', action: 'create' }],
    });
    expect(left.summary.resources).toBeUndefined();
  });

  it('defaults to the only env of the root and lists the replaced resources', async () => {
    const root = await makeRoot({
      ...SIMPLE_ROOT,
      'main.tf': `${SIMPLE_ROOT['main.tf']}
resource "terraform_data" "pinned" {
  triggers_replace = [var.greeting]
}
`,
    });
    expect((await runCli(['apply', '--dir', root, '--yes'])).exitCode).toBe(0);
    await writeFile(join(root, 'vars', 'mock.tfvars.json'), '{ "greeting": "changed" }\n');
    const plan = await runCli(['plan', '--dir', root]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('1 to add, 1 to change, 1 to destroy');
    expect(plan.stdout).toContain('-/+ replace  terraform_data.pinned');
  });

  it('finds terraform/ of the repository from a sub-folder', async () => {
    const repo = await makeRoot({
      'terraform/main.tf': SIMPLE_ROOT['main.tf'],
      'terraform/vars/mock.tfvars.json': SIMPLE_ROOT['vars/mock.tfvars.json'],
      'apps/web/README': 'x',
    });
    const result = await runCli(['plan', '--json'], { cwd: join(repo, 'apps', 'web') });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ env: 'mock', hasChanges: true, summary: { add: 1 } });
  });
});
