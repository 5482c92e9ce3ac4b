import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshot } from './helpers/cli.js';
import { ENTER, terminal, UP } from './helpers/terminal.js';
import { INIT_ANSWERS, initWorld, protectedBucket } from './init-fixture.js';

// Issue 23: init never moves an env's state silently.

const STATE_KEY = 'env:/dev/challenge/dev/terraform.tfstate';

/** A state of env dev managing one resource, as an apply would have left it. */
function appliedState(lineage: string): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.0',
    serial: 7,
    lineage,
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'terraform_data',
        name: 'marker',
        provider: 'provider["terraform.io/builtin/terraform"]',
        instances: [{ schema_version: 0, attributes: { id: 'marker-id' }, sensitive_attributes: [] }],
      },
    ],
    check_results: null,
  });
}

/** Output with its wrapped lines joined again. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function withStateBucket(bucket: string): string[] {
  const args = [...INIT_ANSWERS];
  args[args.indexOf('--state-bucket') + 1] = bucket;
  return args;
}

/** An env dev initialised with its state in "old-state" (terraform init ran), holding serial 7. */
async function existingEnv(lineage: string) {
  const world = await initWorld({
    s3Backend: true,
    buckets: [
      protectedBucket('old-state'),
      protectedBucket('new-state'),
      protectedBucket('third-state'),
      { name: 'my-artifacts', region: 'eu-west-1' },
    ],
  });
  const first = await runCli(
    ['init', '--dir', world.root, '--env', 'dev', '--yes', ...withStateBucket('old-state')],
    { env: world.env },
  );
  expect(first.exitCode, String(first.stderr)).toBe(0);
  world.s3.putObject('old-state', STATE_KEY, appliedState(lineage));
  return world;
}

function stateIn(world: Awaited<ReturnType<typeof initWorld>>, bucket: string) {
  const text = world.s3.object(bucket, STATE_KEY)?.body;
  return text === undefined
    ? undefined
    : (JSON.parse(text) as { serial: number; lineage: string; resources: unknown[] });
}

describe('init re-pointing an existing env state (issue 23)', { timeout: 180_000 }, () => {
  it('is refused without a word (both buckets named, no file changed); --migrate-state moves it, read back the same', async () => {
    const world = await existingEnv('lineage-flags');
    const before = await snapshot(world.root);
    const refused = await runCli(
      ['init', '--dir', world.root, '--env', 'dev', '--yes', ...withStateBucket('new-state')],
      { env: world.env },
    );
    expect(refused.exitCode).toBe(1);
    const text = String(refused.stderr).replace(/\n\s+/g, ' ');
    expect(text).toContain('bucket "old-state" -> "new-state"');
    expect(text).toContain(`s3://old-state/${STATE_KEY} holds serial 7`);
    expect(text).toContain('1 resource');
    expect(text).toMatch(/--migrate-state .*--abandon-state/);
    expect(await snapshot(world.root)).toEqual(before);
    expect(stateIn(world, 'new-state')).toBeUndefined();

    const moved = await runCli(
      [
        'init',
        '--dir',
        world.root,
        '--env',
        'dev',
        '--yes',
        '--migrate-state',
        ...withStateBucket('new-state'),
      ],
      { env: world.env },
    );
    expect(moved.exitCode, String(moved.stderr)).toBe(0);
    // Terraform writes the copy as the next serial of the same lineage, with the same resources.
    const copy = stateIn(world, 'new-state');
    expect(copy).toMatchObject({ serial: 8, lineage: 'lineage-flags' });
    expect(copy?.resources).toEqual(stateIn(world, 'old-state')?.resources);
    const said = oneLine(moved.stdout);
    expect(said).toContain('read it back there (lineage lineage-flags, the same 1 resource; serial 7 -> 8)');
    expect(said).toContain(`The old object s3://old-state/${STATE_KEY} can now be removed`);
    // The old object is named, never deleted.
    expect(stateIn(world, 'old-state')).toMatchObject({ serial: 7 });
    expect(await readFile(join(world.root, 'backends', 'dev.s3.tfbackend'), 'utf8')).toMatch(
      /^bucket\s+= "new-state"$/m,
    );

    // --abandon-state: the next place starts empty, and what stays behind in AWS is said.
    const abandoned = await runCli(
      [
        'init',
        '--dir',
        world.root,
        '--env',
        'dev',
        '--yes',
        '--abandon-state',
        ...withStateBucket('third-state'),
      ],
      { env: world.env },
    );
    expect(abandoned.exitCode, String(abandoned.stderr)).toBe(0);
    expect(oneLine(abandoned.stdout)).toContain(
      `The old state s3://new-state/${STATE_KEY} and the 1 resource it manages stay in AWS (still billed)`,
    );
    expect(stateIn(world, 'third-state')?.resources ?? []).toEqual([]);
    expect(stateIn(world, 'new-state')).toMatchObject({ serial: 8, lineage: 'lineage-flags' });
  });

  it('at a terminal, shows old -> new and what happens to the state, and moves it when told', async () => {
    const world = await existingEnv('lineage-pty');
    const run = terminal(
      ['init', '--dir', world.root, '--env', 'dev', ...withStateBucket('new-state')],
      world.env,
    );
    await run.answer('AWS region', ENTER);
    await run.expect('bucket  old-state -> new-state');
    await run.expect('holds serial 7 (lineage lineage-pty) managing 1 resource');
    // Choices: move, leave behind, keep (the default).
    await run.answer('What happens to the existing state?', `${UP}${UP}${ENTER}`);
    expect(await run.exited, run.output()).toBe(0);
    expect(stateIn(world, 'new-state')).toMatchObject({ serial: 8, lineage: 'lineage-pty' });
    expect(run.output()).toContain('can now be removed');
  });
});
