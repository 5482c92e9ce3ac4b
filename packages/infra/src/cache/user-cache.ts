import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.js';

/**
 * Facts derived from a Terraform root's files (parsing HCL loads a WebAssembly module, ~200 ms), kept in
 * the user's cache dir, keyed by the content they were derived from. Never in the root itself, so a
 * failed or read-only run changes no file there. A missing or unwritable cache only costs a re-parse.
 */
function cacheFile(kind: string, rootDir: string): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const rootHash = createHash('sha256').update(rootDir).digest('hex').slice(0, 32);
  return join(base, 'challenge', kind, `${rootHash}.json`);
}

export function contentHash(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part}\0`);
  return hash.digest('hex');
}

export async function readUserCache<T>(kind: string, rootDir: string, key: string): Promise<T | undefined> {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(kind, rootDir), 'utf8')) as {
      key?: string;
      value?: T;
    };
    return cached.key === key ? cached.value : undefined;
  } catch {
    return undefined;
  }
}

export async function writeUserCache(
  kind: string,
  rootDir: string,
  key: string,
  value: unknown,
): Promise<void> {
  const file = cacheFile(kind, rootDir);
  try {
    mkdirSync(dirname(file), { recursive: true });
    await writeFileAtomically(file, JSON.stringify({ key, value }));
  } catch {
    // Without the cache the next run parses again.
  }
}
