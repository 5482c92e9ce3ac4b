import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { VariableSpec } from './types.js';

/**
 * Parsed variables keyed by the content of the root's .tf files. Parsing needs hcl2json's WebAssembly
 * module (~200 ms to load per process), so a CLI run whose variables did not change reads this instead.
 * Kept in the user's cache directory (never in the Terraform root: a failed run changes no file there).
 * Bump FORMAT when the shape of VariableSpec or the rule reader changes.
 */
const FORMAT = 'variables-v2';

export interface SourceFile {
  name: string;
  contents: string;
}

export function contentKey(files: readonly SourceFile[]): string {
  const hash = createHash('sha256').update(FORMAT);
  for (const file of files) hash.update(`\0${file.name}\0${file.contents}`);
  return hash.digest('hex');
}

function cacheFile(rootDir: string): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const rootHash = createHash('sha256').update(rootDir).digest('hex').slice(0, 32);
  return join(base, 'challenge', 'variables', `${rootHash}.json`);
}

export async function readCachedVariables(rootDir: string, key: string): Promise<VariableSpec[] | undefined> {
  try {
    const cached = JSON.parse(await readFile(cacheFile(rootDir), 'utf8')) as {
      key?: string;
      variables?: unknown;
    };
    return cached.key === key && Array.isArray(cached.variables)
      ? (cached.variables as VariableSpec[])
      : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCachedVariables(
  rootDir: string,
  key: string,
  variables: VariableSpec[],
): Promise<void> {
  const file = cacheFile(rootDir);
  try {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFileAtomic(file, JSON.stringify({ key, variables }));
  } catch {
    // A cache that cannot be written only costs the next run a parse.
  }
}
