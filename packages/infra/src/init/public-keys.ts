import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** OpenSSH public keys in ~/.ssh (only `.pub` files; private keys are never read). */
export async function findPublicKeys(home: string = homedir()): Promise<string[]> {
  const dir = join(home, '.ssh');
  try {
    return (await readdir(dir))
      .filter((name) => name.endsWith('.pub'))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
