import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { INIT_ANSWERS, initWorld } from './init-fixture.js';

describe('challenge init runs terraform init and selects the workspace', () => {
  it('leaves the env initialised, so doctor passes every check', async () => {
    const world = await initWorld();
    const init = await runCli(['init', '--dir', world.root, '--env', 'dev', '--yes', ...INIT_ANSWERS], {
      env: world.env,
    });
    expect(init.exitCode, String(init.stderr)).toBe(0);
    expect(
      (await readFile(join(world.root, '.terraform', 'envs', 'dev', 'environment'), 'utf8')).trim(),
    ).toBe('dev');
    const doctor = await runCli(['doctor', '--dir', world.root, '--env', 'dev'], { env: world.env });
    expect(doctor.stdout).not.toContain('✗');
    expect(doctor.exitCode, String(doctor.stdout)).toBe(0);
  });
});
