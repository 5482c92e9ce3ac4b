import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withGitSession } from '../src/codecommit/git-session.js';

const original = process.env['TMPDIR'];
afterEach(() => {
  if (original === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = original;
});

describe('ship with an unusable TMPDIR', () => {
  it.each([
    ['a folder that does not exist', (dir: string) => join(dir, 'missing'), 'does not exist'],
    [
      'a file',
      (dir: string) => {
        writeFileSync(join(dir, 'file'), '');
        return join(dir, 'file');
      },
      'is not a folder',
    ],
  ])('TMPDIR pointing at %s is named, with TMPDIR in the fix', async (_label, make, problem) => {
    const unusable = make(mkdtempSync(join(tmpdir(), 'tmpdir-')));
    process.env['TMPDIR'] = unusable;
    const error = await withGitSession(
      (text) => text,
      async () => 'ran',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TMPDIR_UNUSABLE',
      message: `TMPDIR ${unusable} ${problem}: ship needs a temporary folder for its git work.`,
    });
    expect((error as { hint: string }).hint).toContain('Point TMPDIR at a writable folder');
  });
});
