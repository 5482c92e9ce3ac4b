import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';

// terraform init on another platform (macOS, Windows, arm64 Linux) checks the provider package it
// downloads against the zh: hashes (SHA-256 of each platform's zip); h1: covers this machine's mirror.
describe('terraform/.terraform.lock.hcl', () => {
  it('pins hashicorp/aws 5.100.0 with the zip hashes of every platform and the mirror hash', async () => {
    const lock = await readFile(join(repoRoot(), 'terraform', '.terraform.lock.hcl'), 'utf8');
    const block = /provider "registry\.terraform\.io\/hashicorp\/aws" \{([\s\S]*?)\n\}/.exec(lock)?.[1] ?? '';
    expect(block).toMatch(/\n\s*version\s*=\s*"5\.100\.0"/);
    const zh = [...block.matchAll(/"zh:([0-9a-f]+)"/g)].map((m) => m[1]!);
    expect(zh.length).toBeGreaterThanOrEqual(10);
    for (const hash of zh) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(zh).size).toBe(zh.length);
    expect(block).toContain('"h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0="');
  });
});
