import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeInsideRoot } from '../src/files/write-inside-root.js';

// Issue 14.7: a committed symlink must never make the CLI overwrite what it points to.

function world() {
  const base = mkdtempSync(join(tmpdir(), 'write-root-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  const victim = join(outside, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  return { base, root, outside, victim };
}

describe('writeInsideRoot', () => {
  it('writes a new file, making its folders, and replaces an existing one keeping its mode', async () => {
    const { root } = world();
    const path = join(root, 'vars', 'dev.tfvars.json');
    await writeInsideRoot(root, path, '{}\n');
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
    await import('node:fs/promises').then((fs) => fs.chmod(path, 0o600));
    await writeInsideRoot(root, path, '{"a":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await readdir(join(root, 'vars'))).toEqual(['dev.tfvars.json']);
  });

  it('refuses a file that is a symbolic link, leaving its target as it was', async () => {
    const { root, victim } = world();
    mkdirSync(join(root, 'vars'));
    symlinkSync(victim, join(root, 'vars', 'x.tfvars.json'));
    await expect(
      writeInsideRoot(root, join(root, 'vars', 'x.tfvars.json'), 'pwned\n', {
        retry: 'challenge init --env x',
      }),
    ).rejects.toMatchObject({
      code: 'UNSAFE_SYMLINK',
      message: expect.stringContaining(`is a symbolic link (to ${victim})`),
      hint: expect.stringContaining('run `challenge init --env x` again'),
    });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('refuses a folder on the way that is a symbolic link, writing nothing in its target', async () => {
    const { root, outside } = world();
    symlinkSync(outside, join(root, 'backends'));
    await expect(
      writeInsideRoot(root, join(root, 'backends', 'dev.s3.tfbackend'), 'x'),
    ).rejects.toMatchObject({
      code: 'UNSAFE_SYMLINK',
    });
    expect(await readdir(outside)).toEqual(['victim.txt']);
  });

  it('refuses a dangling link (it would create the target) and paths outside the root', async () => {
    const { root, outside } = world();
    symlinkSync(join(outside, 'new.json'), join(root, 'dev.json'));
    await expect(writeInsideRoot(root, join(root, 'dev.json'), 'x')).rejects.toMatchObject({
      code: 'UNSAFE_SYMLINK',
    });
    await expect(writeInsideRoot(root, join(root, '..', 'outside', 'y'), 'x')).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    expect(await readdir(outside)).toEqual(['victim.txt']);
  });

  it('allows links above the root (the root itself may be reached through one)', async () => {
    const { base, root } = world();
    symlinkSync(root, join(base, 'link-to-root'));
    await writeInsideRoot(join(base, 'link-to-root'), join(base, 'link-to-root', 'a.json'), '1');
    expect(readFileSync(join(root, 'a.json'), 'utf8')).toBe('1');
  });
});
