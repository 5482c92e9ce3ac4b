import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTerraform } from '../src/terraform/binary.js';

/** A stand-in terraform that answers `version -json` and counts how often it was asked. */
function fakeTerraform(dir: string, name: string, version: string): { path: string; calls: () => number } {
  const path = join(dir, name);
  const log = join(dir, `${name}.calls`);
  writeFileSync(log, '');
  writeFileSync(path, `#!/bin/sh\necho "$@" >> '${log}'\necho '{"terraform_version":"${version}"}'\n`);
  chmodSync(path, 0o755);
  return { path, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

let run = 0;
/** Each call as in a new CLI process: findTerraform memoises per (binary, PATH) within a process. */
function lookUp(bin: string, cache: string) {
  run += 1;
  return findTerraform({
    CHALLENGE_TERRAFORM_BIN: bin,
    XDG_CACHE_HOME: cache,
    PATH: join(cache, `no-such-bin-${run}`),
  });
}

describe('terraform version cache', () => {
  it('keeps one entry per binary, asks again only for a changed binary, writes only on a miss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-version-'));
    const cache = mkdtempSync(join(tmpdir(), 'tf-version-cache-'));
    const a = fakeTerraform(dir, 'terraform-a', '1.11.4');
    const b = fakeTerraform(dir, 'terraform-b', '1.12.0');
    const cacheFile = join(cache, 'challenge', 'terraform-versions.json');

    expect(await lookUp(a.path, cache)).toEqual({ path: a.path, version: '1.11.4' });
    expect(await lookUp(b.path, cache)).toEqual({ path: b.path, version: '1.12.0' });
    expect([a.calls(), b.calls()]).toEqual([1, 1]);

    // Both binaries are remembered: switching between them asks neither again, and a hit writes nothing.
    const written = statSync(cacheFile).mtimeMs;
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(cacheFile, old, old);
    const before = statSync(cacheFile).mtimeMs;
    expect(before).not.toBe(written);
    expect((await lookUp(a.path, cache)).version).toBe('1.11.4');
    expect((await lookUp(b.path, cache)).version).toBe('1.12.0');
    expect([a.calls(), b.calls()]).toEqual([1, 1]);
    expect(statSync(cacheFile).mtimeMs).toBe(before);

    // An upgraded binary at the same path (new size and mtime) is asked again.
    writeFileSync(a.path, readFileSync(a.path, 'utf8').replace('1.11.4', '1.11.5'));
    expect((await lookUp(a.path, cache)).version).toBe('1.11.5');
    expect(a.calls()).toBe(2);
    expect((await lookUp(b.path, cache)).version).toBe('1.12.0');
    expect(b.calls()).toBe(1);
  });

  it('refuses a terraform older than 1.10 with the install fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-version-'));
    const old = fakeTerraform(dir, 'terraform-old', '1.5.7');
    await expect(lookUp(old.path, mkdtempSync(join(tmpdir(), 'tf-cache-')))).rejects.toMatchObject({
      code: 'TERRAFORM_TOO_OLD',
      hint: expect.stringContaining('CHALLENGE_TERRAFORM_BIN'),
    });
  });

  it('trusts a cached version only if it was checked against the current minimum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-version-'));
    const cache = mkdtempSync(join(tmpdir(), 'tf-version-cache-'));
    const old = fakeTerraform(dir, 'terraform-old', '1.5.7');
    const info = statSync(old.path);
    // An entry as an earlier CLI wrote it (no minimum), for a version below today's minimum.
    const cacheFile = join(cache, 'challenge', 'terraform-versions.json');
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(
      cacheFile,
      JSON.stringify({ [old.path]: { size: info.size, mtimeMs: info.mtimeMs, version: '1.5.7' } }),
    );
    await expect(lookUp(old.path, cache)).rejects.toMatchObject({ code: 'TERRAFORM_TOO_OLD' });
    expect(old.calls()).toBe(1);
  });
});
