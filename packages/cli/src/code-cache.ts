import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * Loads the CLI's own CommonJS bundles (bin/run.js's oclif-free plan/apply/destroy: dist/fast-path.cjs and
 * what it requires from the workspace, @challenge/infra's plan-and-apply.cjs; the root help) with V8's
 * code cache, so a run does not parse and compile them again. Node 20 has no
 * `module.enableCompileCache()`, and compiling these bundles is a measured part of a no-change apply.
 *
 * One cache file per bundle in `<XDG_CACHE_HOME or ~/.cache>/challenge/code-cache/` (none when HOME does
 * not exist: nothing is created under it), named after the bundle's path, starting with the Node version
 * and the exact source it was made from: a rebuilt bundle or another Node misses. Then the CRC-32 of the
 * cached data: V8 does not reliably check the data it is handed (a flipped byte can crash it with
 * "unreachable code"), so data whose checksum differs — truncated, corrupted — is never given to V8.
 * zlib's crc32 costs ~0.2 ms for these files; node:crypto (~4 ms to load) is not needed. On a miss, or
 * when V8 refuses the data, the cache is written once, when the process exits (so it holds the functions
 * the command ran as well), atomically, replacing whatever is in its place. Anything that goes wrong with
 * the cache only costs the compile. NODE_DISABLE_COMPILE_CACHE=1 (Node's switch for its own cache) turns
 * it off.
 */

/** Bundles of this repository (not dependencies from node_modules) are loaded through the cache. */
function isOwnBundle(path: string): boolean {
  return path.endsWith('.cjs') && !path.includes('/node_modules/');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** As @challenge/infra's userCacheRoot (not loaded here: this runs before any bundle). */
function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg?.startsWith('/'))
    return isFolder(xdg) || isFolder(dirname(xdg)) ? join(xdg, 'challenge', 'code-cache') : undefined;
  const home = env['HOME'] || homedir();
  return home && isFolder(home) ? join(home, '.cache', 'challenge', 'code-cache') : undefined;
}

/** The checksum line between the stamp and the data: 8 hex digits and a newline. */
const CHECKSUM_LENGTH = 9;
const checksumOf = (data: Buffer) => `${crc32(data).toString(16).padStart(8, '0')}\n`;

/** The bundle's path as a file name (its tail, if long: a clash only costs a miss, the source is checked). */
const cacheName = (file: string) => `${Buffer.from(file).toString('base64url').slice(-200)}.bin`;

/** What a cache file starts with: the Node it was made by and the exact source (its length, then it). */
function stampOf(source: Buffer): Buffer {
  const header = Buffer.from(`${process.version} ${process.arch} ${source.length}\n`);
  return Buffer.concat([header, source]);
}

type Wrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

interface Loader {
  load(file: string): unknown;
}

/** The cached data, only when its stamp and checksum match: on any doubt, nothing (then it is rebuilt). */
function readCache(cacheFile: string, stamp: Buffer): Buffer | undefined {
  try {
    const saved = readFileSync(cacheFile);
    if (!saved.subarray(0, stamp.length).equals(stamp)) return undefined;
    const checksum = saved.toString('latin1', stamp.length, stamp.length + CHECKSUM_LENGTH);
    const data = saved.subarray(stamp.length + CHECKSUM_LENGTH);
    return data.length > 0 && checksum === checksumOf(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, stamp: Buffer, script: Script): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    const data = script.createCachedData();
    writeFileSync(temporary, Buffer.concat([stamp, Buffer.from(checksumOf(data)), data]), { mode: 0o600 });
    try {
      renameSync(temporary, cacheFile);
    } catch {
      // A folder (or anything rename cannot replace) where the cache file belongs: it is the cache's own place.
      rmSync(cacheFile, { recursive: true, force: true });
      renameSync(temporary, cacheFile);
    }
  } catch {
    // The next run compiles again.
  }
}

function createLoader(env: NodeJS.ProcessEnv): Loader {
  const loaded = new Map<string, { exports: unknown }>();
  const toWrite: Array<() => void> = [];
  process.once('exit', () => {
    for (const write of toWrite) write();
  });
  const load = (file: string): unknown => {
    const known = loaded.get(file);
    if (known) return known.exports;
    const bytes = readFileSync(file);
    const stamp = stampOf(bytes);
    const dir = cacheDir(env);
    const cacheFile = dir === undefined ? undefined : join(dir, cacheName(file));
    const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile, stamp);
    const source = bytes.toString('utf8');
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
      filename: file,
      ...(cachedData && { cachedData }),
    });
    if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
      toWrite.push(() => writeCache(cacheFile, stamp, script));
    }
    const module = { exports: {} as unknown };
    loaded.set(file, module);
    const local = createRequire(file);
    const resolvedIds = new Map<string, string>();
    const require = Object.assign(
      (id: string) => {
        let resolved = resolvedIds.get(id);
        if (resolved === undefined) {
          resolved = local.resolve(id);
          resolvedIds.set(id, resolved);
        }
        return isOwnBundle(resolved) ? load(resolved) : local(id);
      },
      { resolve: local.resolve, cache: local.cache, main: local.main, extensions: local.extensions },
    ) as NodeJS.Require;
    (script.runInThisContext() as Wrapper)(module.exports, require, module, file, dirname(file));
    return module.exports;
  };
  return { load };
}

/** `require(file)` for one of the CLI's own bundles, through V8's code cache unless it is turned off. */
export function requireWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): unknown {
  if (env['NODE_DISABLE_COMPILE_CACHE']) return createRequire(file)(file);
  return createLoader(env).load(file);
}
