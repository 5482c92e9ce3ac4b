import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readlink, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ChallengeError } from '../errors.js';

export interface WriteInsideRootOptions {
  /** The command to run again once the problem is fixed, named in the error's fix. */
  retry?: string;
  /** Permissions of a new file (default 0o644, less the umask); an existing file keeps its own. */
  mode?: number;
}

async function lstatOrNothing(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Checks every folder from the root down to `path`, and `path` itself, with lstat: none may be a symbolic
 * link, folders must be folders and the file (when it exists) a regular file. With `create`, missing
 * folders are made one level at a time, so no link is followed on the way.
 */
async function walkInsideRoot(rootDir: string, path: string, retry: string, create: boolean): Promise<void> {
  const inside = relative(rootDir, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new ChallengeError(`Refusing to write ${path}: it is outside the Terraform root ${rootDir}.`, {
      hint: `Pass --dir with the folder that holds the file, and run \`${retry}\` again.`,
      code: 'UNSAFE_PATH',
    });
  }
  const parts = inside.split(sep);
  let current = rootDir;
  for (const [index, part] of parts.entries()) {
    current = join(current, part);
    const isFile = index === parts.length - 1;
    const info = await lstatOrNothing(current);
    if (info?.isSymbolicLink()) {
      throw new ChallengeError(
        `Refusing to write ${path}: ${current} is a symbolic link (to ${await readlink(current)}): writing through it would change the file it points to instead.`,
        {
          hint: `Replace the link with a regular ${isFile ? 'file' : 'folder'} (\`rm ${current}\`, then put back what it should hold), and run \`${retry}\` again.`,
          code: 'UNSAFE_SYMLINK',
        },
      );
    }
    if (info && (isFile ? !info.isFile() : !info.isDirectory())) {
      throw new ChallengeError(
        `Cannot write ${path}: ${current} is not a ${isFile ? 'regular file' : 'folder'}.`,
        {
          hint: `Move ${current} out of the way, and run \`${retry}\` again.`,
          code: 'UNSAFE_PATH',
        },
      );
    }
    if (!info && !isFile && create) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
  }
}

/** Fails (without writing anything) when writeInsideRoot would refuse `path`. */
export async function assertWritableInsideRoot(
  rootDir: string,
  path: string,
  options: WriteInsideRootOptions = {},
): Promise<void> {
  await walkInsideRoot(rootDir, path, options.retry ?? 'the command', false);
}

/**
 * Writes `path` (inside `rootDir`) atomically without ever following a symbolic link: the path is
 * checked as above, and the content goes to a new temp file beside it (opened with O_EXCL, so not even a
 * planted link is followed) that is renamed over the target; rename replaces a link instead of writing
 * through it. Links above the root (e.g. /tmp on macOS) are the user's business and are allowed.
 */
export async function writeInsideRoot(
  rootDir: string,
  path: string,
  content: string,
  options: WriteInsideRootOptions = {},
): Promise<void> {
  await walkInsideRoot(rootDir, path, options.retry ?? 'the command', true);
  const existing = await lstatOrNothing(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', existing ? existing.mode & 0o777 : (options.mode ?? 0o644));
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}
