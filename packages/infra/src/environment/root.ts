import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ChallengeError, fileSystemError } from '../errors.js';

async function hasTerraformFiles(dir: string): Promise<boolean> {
  try {
    const entries = readdirSync(dir);
    return entries.some((name) => name.endsWith('.tf') || name.endsWith('.tf.json'));
  } catch (error) {
    // A folder we may not read is not "a folder without .tf files": say what is wrong with it.
    if ((error as NodeJS.ErrnoException).code === 'EACCES') throw fileSystemError(error) ?? error;
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface FindRootOptions {
  dir?: string | undefined;
  cwd?: string | undefined;
  /** Where `dir` came from: the --dir flag (default) or the CHALLENGE_TERRAFORM_DIR variable. */
  dirFrom?: 'flag' | 'CHALLENGE_TERRAFORM_DIR' | undefined;
}

function dirHint(options: FindRootOptions): string {
  return options.dirFrom === 'CHALLENGE_TERRAFORM_DIR'
    ? 'Set CHALLENGE_TERRAFORM_DIR to the folder containing your .tf files (or unset it), or pass --dir <folder>.'
    : 'Pass --dir <folder containing your .tf files>.';
}

/**
 * The Terraform root module to work on: `dir` when given (any root module, not only ours), else the
 * `terraform/` folder of the repository that contains `cwd`, found from any sub-folder (or `cwd` itself
 * when it is a root module: it holds vars/, or .tf files and no terraform/ folder is above it).
 */
export async function findTerraformRoot(options: FindRootOptions = {}): Promise<string> {
  const cwd = resolve(options.cwd ?? process.cwd());
  if (options.dir !== undefined) {
    const dir = resolve(cwd, options.dir);
    const from = options.dirFrom === 'CHALLENGE_TERRAFORM_DIR' ? ' (from CHALLENGE_TERRAFORM_DIR)' : '';
    if (!(await isDirectory(dir))) {
      throw new ChallengeError(`Terraform root ${dir}${from} does not exist or is not a folder.`, {
        code: 'ROOT_NOT_FOUND',
        hint: dirHint(options),
      });
    }
    if (!(await hasTerraformFiles(dir))) {
      throw new ChallengeError(`${dir}${from} holds no .tf files, so it is not a Terraform root module.`, {
        code: 'ROOT_NOT_FOUND',
        hint: dirHint(options),
      });
    }
    return dir;
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, 'terraform');
    if (await hasTerraformFiles(candidate)) return candidate;
    if (dir === cwd && (await isDirectory(join(dir, 'vars'))) && (await hasTerraformFiles(dir))) return dir;
    if (dirname(dir) === dir) break;
  }
  // A folder of .tf files with no repository around it (a new root): it is the root.
  if (await hasTerraformFiles(cwd)) return cwd;
  throw new ChallengeError(`No Terraform root found: no terraform/ folder with .tf files above ${cwd}.`, {
    code: 'ROOT_NOT_FOUND',
    hint: 'Run challenge inside the repository, or pass --dir <folder containing your .tf files>.',
  });
}
