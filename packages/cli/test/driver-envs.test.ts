import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

describe('two environments of one root', () => {
  it('alternate without cross-talk: own workspace, own state, own init', async () => {
    const root = await makeRoot({ ...SIMPLE_ROOT, 'vars/dev.tfvars.json': '{ "greeting": "from dev" }\n' });
    const mock1 = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes', '--json']);
    expect(mock1.exitCode, mock1.stderr).toBe(0);
    const dev1 = await runCli(['apply', '--dir', root, '--env', 'dev', '--yes', '--json']);
    expect(dev1.exitCode, dev1.stderr).toBe(0);
    expect(JSON.parse(dev1.stdout)).toMatchObject({ env: 'dev', applied: true, summary: { add: 1 } });

    const mock2 = await runCli(['apply', '--dir', root, '--env', 'mock', '--yes', '--json']);
    expect(JSON.parse(mock2.stdout)).toMatchObject({ env: 'mock', applied: false });
    expect(mock2.stderr).not.toContain('terraform init');

    const mockOut = JSON.parse((await runCli(['output', '--dir', root, '--env', 'mock', '--json'])).stdout);
    const devOut = JSON.parse((await runCli(['output', '--dir', root, '--env', 'dev', '--json'])).stdout);
    expect(mockOut.greeting.value).toBe('hello');
    expect(devOut.greeting.value).toBe('from dev');

    for (const env of ['mock', 'dev']) {
      const environment = await readFile(join(root, '.terraform', 'envs', env, 'environment'), 'utf8');
      expect(environment.trim()).toBe(env);
    }
    await writeFile(join(root, 'vars', 'dev.tfvars.json'), '{ "greeting": "dev again" }\n');
    const devPlan = JSON.parse((await runCli(['plan', '--dir', root, '--env', 'dev', '--json'])).stdout);
    const mockPlan = JSON.parse((await runCli(['plan', '--dir', root, '--env', 'mock', '--json'])).stdout);
    expect(devPlan.summary.change).toBe(1);
    expect(mockPlan.hasChanges).toBe(false);
  });

  it('--json shapes of plan, apply, output and destroy', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const plan = JSON.parse((await runCli(['plan', '--dir', root, '--json'])).stdout);
    expect(plan).toEqual({
      env: 'mock',
      hasChanges: true,
      summary: {
        add: 1,
        change: 0,
        destroy: 0,
        outputChanges: 1,
        deletions: [],
        replacements: [],
        // One {address, action} per changed resource: not Terraform's plan JSON.
        changes: [{ address: 'terraform_data.hello', action: 'create' }],
      },
      // Nothing here destroys data, interrupts an app or widens access.
      consequences: [],
    });
    const apply = JSON.parse((await runCli(['apply', '--dir', root, '--yes', '--json'])).stdout);
    expect(apply).toMatchObject({ env: 'mock', applied: true, outputs: { greeting: 'hello' } });
    const output = JSON.parse((await runCli(['output', '--dir', root, '--json'])).stdout);
    expect(output).toEqual({ greeting: { sensitive: false, type: 'string', value: 'hello' } });
    const destroy = JSON.parse((await runCli(['destroy', '--dir', root, '--yes', '--json'])).stdout);
    expect(destroy).toMatchObject({
      env: 'mock',
      destroyed: true,
      summary: { destroy: 1, deletions: ['terraform_data.hello'] },
    });
  });
});
