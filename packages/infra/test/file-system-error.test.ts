import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSystemError } from '../src/errors.js';

/** What a recursive mkdir under a folder the user may not write throws, sync or async. */
async function mkdirFailures(): Promise<{ dir: string; errors: unknown[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'fs-error-'));
  const target = join(dir, '.terraform', 'envs', 'mock');
  const denied = Object.assign(new Error('denied'), { code: 'EACCES', syscall: 'mkdir', path: target });
  const errors: unknown[] = [denied];
  // Real errors too where the process can be denied (not as root, which bypasses permissions).
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    for (const make of [
      () => mkdirSync(target, { recursive: true }),
      () => mkdir(target, { recursive: true }),
    ]) {
      try {
        await make();
      } catch (error) {
        errors.push(error);
      }
    }
  }
  return { dir, errors };
}

describe('fileSystemError', () => {
  it('names the first folder a recursive mkdir could not make, whichever path Node reports', async () => {
    const { dir, errors } = await mkdirFailures();
    for (const error of errors) {
      const known = fileSystemError(error);
      expect(known?.message).toBe(`Cannot write ${join(dir, '.terraform')}: permission denied (EACCES).`);
      expect(known?.hint).toContain(`Make ${dir} writable by you`);
    }
  });

  it('names the file itself for other calls', () => {
    const error = Object.assign(new Error('denied'), {
      code: 'EACCES',
      syscall: 'open',
      path: '/etc/x/y.json',
    });
    expect(fileSystemError(error)?.message).toBe('Cannot write /etc/x/y.json: permission denied (EACCES).');
  });
});
