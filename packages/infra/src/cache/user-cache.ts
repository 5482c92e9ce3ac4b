import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.js';
import { userCacheRoot } from './user-cache-dir.js';

/**
 * Facts derived from a Terraform root's files (parsing HCL loads a WebAssembly module, ~200 ms), kept in
 * the user's cache dir, keyed by the content they were derived from. Never in the root itself, so a
 * failed or read-only run changes no file there. A missing or unwritable cache only costs a re-parse.
 */
function cacheFile(kind: string, rootDir: string): string | undefined {
  const base = userCacheRoot();
  if (base === undefined) return undefined;
  // The root's path as a file name (its tail, if long: the key check below makes any clash a mere miss).
  const name = Buffer.from(rootDir).toString('base64url').slice(-200);
  return join(base, kind, `${name}.json`);
}

/**
 * A cache key: the parts themselves, joined. An equal key means equal content, with nothing to collide and
 * no hashing (node:crypto costs ~4 ms to load on a command's startup path).
 */
export function cacheKey(parts: readonly string[]): string {
  return parts.join('\0');
}

export async function readUserCache<T>(kind: string, rootDir: string, key: string): Promise<T | undefined> {
  try {
    const file = cacheFile(kind, rootDir);
    if (file === undefined) return undefined;
    const cached = JSON.parse(readFileSync(file, 'utf8')) as {
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
  if (file === undefined) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    await writeFileAtomically(file, JSON.stringify({ key, value }));
  } catch {
    // Without the cache the next run parses again.
  }
}
