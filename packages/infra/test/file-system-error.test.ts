import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

describe('file-system errors that used to be "Unexpected error"', () => {
  it('a file where the plans folder belongs is named, with the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-error-'));
    const plans = join(dir, 'plans');
    writeFileSync(plans, 'not a folder');
    let thrown: unknown;
    try {
      mkdirSync(plans, { recursive: true });
    } catch (error) {
      thrown = error;
    }
    const known = fileSystemError(thrown);
    expect(known?.message).toBe(`Cannot write ${plans}: a file is where a folder belongs (EEXIST).`);
    expect(known?.hint).toContain(`Move away whatever is at ${plans}`);
  });

  it('a deleted working directory says so', () => {
    const gone = mkdtempSync(join(tmpdir(), 'fs-error-'));
    const script = `process.chdir(${JSON.stringify(gone)}); require('fs').rmdirSync(${JSON.stringify(gone)}); try { process.cwd() } catch (e) { console.log(JSON.stringify({ code: e.code, syscall: e.syscall })) }`;
    const error = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as object;
    const known = fileSystemError(error);
    expect(known?.code).toBe('CWD_MISSING');
    expect(known?.message).toContain('The current folder no longer exists');
  });
});
