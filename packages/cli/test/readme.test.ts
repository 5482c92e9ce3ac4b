import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';

describe('README command reference', () => {
  it('documents every command of the built CLI, with its summary', async () => {
    const manifest = JSON.parse(
      await readFile(join(repoRoot(), 'packages', 'cli', 'oclif.manifest.json'), 'utf8'),
    ) as {
      commands: Record<string, { summary?: string }>;
    };
    const readme = await readFile(join(repoRoot(), 'README.md'), 'utf8');
    const reference = readme.slice(
      readme.indexOf('<!-- commands -->'),
      readme.indexOf('<!-- commandsstop -->'),
    );
    const ids = Object.keys(manifest.commands);
    expect(ids.length).toBeGreaterThanOrEqual(7);
    for (const [id, command] of Object.entries(manifest.commands)) {
      expect(
        reference,
        `README lacks \`challenge ${id}\`; run pnpm --filter @challenge/cli readme`,
      ).toContain(`## \`challenge ${id.replaceAll(':', ' ')}`);
      if (command.summary) expect(reference).toContain(command.summary);
    }
  });
});
