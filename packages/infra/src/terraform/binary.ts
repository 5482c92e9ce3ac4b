import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { userCacheRoot } from '../cache/user-cache-dir.js';
import { ChallengeError } from '../errors.js';
import { writeFileAtomically } from '../files/atomic-write.js';

const execFileAsync = promisify(execFile);

export const MIN_TERRAFORM_VERSION = '1.10.0';
const INSTALL_HINT =
  'Install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) and put it on PATH, or set CHALLENGE_TERRAFORM_BIN=/path/to/terraform.';

export interface TerraformBinary {
  path: string;
  version: string;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function locate(env: NodeJS.ProcessEnv): Promise<string> {
  const explicit = env['CHALLENGE_TERRAFORM_BIN'];
  if (explicit) {
    if (await isExecutable(explicit)) return explicit;
    throw new ChallengeError(`CHALLENGE_TERRAFORM_BIN=${explicit} is not an executable file.`, {
      code: 'TERRAFORM_NOT_FOUND',
      hint: `Point CHALLENGE_TERRAFORM_BIN at a terraform binary, or unset it to use terraform from PATH. ${INSTALL_HINT}`,
    });
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'terraform');
    if (await isExecutable(candidate)) return candidate;
  }
  throw new ChallengeError('terraform was not found on PATH.', {
    code: 'TERRAFORM_NOT_FOUND',
    hint: INSTALL_HINT,
  });
}

function parseVersion(stdout: string): string | undefined {
  try {
    const parsed = JSON.parse(stdout) as { terraform_version?: unknown };
    if (typeof parsed.terraform_version === 'string') return parsed.terraform_version;
  } catch {
    // Terraform < 0.13 has no `version -json`; it prints "Terraform v0.12.31".
  }
  return /Terraform v(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
}

/**
 * `terraform version` costs a process start; its answer is kept per binary in the user's cache dir,
 * keyed by path and checked against the binary's size and mtime, so a replaced or upgraded binary is
 * asked again. Several binaries (CHALLENGE_TERRAFORM_BIN, PATH) each keep their entry; the file is
 * written only when an answer was missing.
 */
function versionCacheFile(env: NodeJS.ProcessEnv): string | undefined {
  const base = userCacheRoot(env);
  return base === undefined ? undefined : join(base, 'terraform-versions.json');
}

interface BinaryStamp {
  size: number;
  mtimeMs: number;
}

/** `minimum`: the MIN_TERRAFORM_VERSION the version was found to meet, so a hit needs no comparison. */
type VersionCache = Record<string, BinaryStamp & { version: string; minimum?: string }>;

async function binaryStamp(path: string): Promise<BinaryStamp> {
  const info = statSync(path);
  return { size: info.size, mtimeMs: info.mtimeMs };
}

async function readVersionCache(env: NodeJS.ProcessEnv): Promise<VersionCache> {
  try {
    const file = versionCacheFile(env);
    if (file === undefined) return {};
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as VersionCache)
      : {};
  } catch {
    return {};
  }
}

function cachedVersion(cache: VersionCache, path: string, stamp: BinaryStamp): string | undefined {
  const entry = cache[path];
  return entry &&
    entry.size === stamp.size &&
    entry.mtimeMs === stamp.mtimeMs &&
    entry.minimum === MIN_TERRAFORM_VERSION &&
    typeof entry.version === 'string'
    ? entry.version
    : undefined;
}

async function rememberVersion(
  env: NodeJS.ProcessEnv,
  path: string,
  stamp: BinaryStamp,
  version: string,
): Promise<void> {
  try {
    const file = versionCacheFile(env);
    if (file === undefined) return;
    // Re-read: another run may have added its binary since this one read the file.
    const cache = {
      ...(await readVersionCache(env)),
      [path]: { ...stamp, version, minimum: MIN_TERRAFORM_VERSION },
    };
    mkdirSync(dirname(file), { recursive: true });
    await writeFileAtomically(file, JSON.stringify(cache));
  } catch {
    // Without the cache the next command asks terraform again; nothing else depends on it.
  }
}

async function askVersion(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  let stdout = '';
  try {
    ({ stdout } = await execFileAsync(path, ['version', '-json'], {
      env: { ...env, CHECKPOINT_DISABLE: '1' },
      timeout: 30_000,
    }));
  } catch (error) {
    stdout = String((error as { stdout?: unknown }).stdout ?? '');
  }
  return parseVersion(stdout);
}

/** Checked when a binary's version is first read; a cached entry records that it passed. */
async function assertRecentEnough(version: string, path: string): Promise<void> {
  const [{ default: coerce }, { default: lt }, { default: valid }] = await Promise.all([
    import('semver/functions/coerce.js'),
    import('semver/functions/lt.js'),
    import('semver/functions/valid.js'),
  ]);
  const coerced = coerce(version)?.version ?? version;
  if (!valid(coerced) || lt(coerced, MIN_TERRAFORM_VERSION)) {
    throw new ChallengeError(
      `Terraform ${version} at ${path} is too old: challenge needs >= ${MIN_TERRAFORM_VERSION}.`,
      { code: 'TERRAFORM_TOO_OLD', hint: INSTALL_HINT },
    );
  }
}

const found = new Map<string, Promise<TerraformBinary>>();

/** Finds terraform (CHALLENGE_TERRAFORM_BIN or PATH) and checks it is >= 1.10 (S3 native locking). */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): Promise<TerraformBinary> {
  const key = `${env['CHALLENGE_TERRAFORM_BIN'] ?? ''}\0${env['PATH'] ?? ''}`;
  let pending = found.get(key);
  if (!pending) {
    pending = (async () => {
      const path = await locate(env);
      const [stamp, cache] = await Promise.all([binaryStamp(path), readVersionCache(env)]);
      const known = cachedVersion(cache, path, stamp);
      const version = known ?? (await askVersion(path, env));
      if (!version) {
        throw new ChallengeError(
          `Could not read the version of ${path} (\`terraform version\` printed no version).`,
          {
            code: 'TERRAFORM_VERSION_UNKNOWN',
            hint: INSTALL_HINT,
          },
        );
      }
      if (known === undefined) {
        await assertRecentEnough(version, path);
        await rememberVersion(env, path, stamp, version);
      }
      return { path, version };
    })();
    found.set(key, pending);
    pending.catch(() => found.delete(key));
  }
  return pending;
}
