import { cacheKey, readUserCache, writeUserCache } from '../cache/user-cache.js';
import type { VariableSpec } from './types.js';

/**
 * Parsed variables keyed by the content of the root's .tf files, in the user cache (see user-cache.ts).
 * Bump FORMAT when the shape of VariableSpec or the rule reader changes.
 */
const FORMAT = 'variables-v2';

export interface SourceFile {
  name: string;
  contents: string;
}

export function contentKey(files: readonly SourceFile[]): string {
  return cacheKey([FORMAT, ...files.flatMap((file) => [file.name, file.contents])]);
}

export async function readCachedVariables(rootDir: string, key: string): Promise<VariableSpec[] | undefined> {
  const variables = await readUserCache<unknown>('variables', rootDir, key);
  return Array.isArray(variables) ? (variables as VariableSpec[]) : undefined;
}

export function writeCachedVariables(rootDir: string, key: string, variables: VariableSpec[]): Promise<void> {
  return writeUserCache('variables', rootDir, key, variables);
}
