import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cacheKey, readUserCache, writeUserCache } from '../cache/user-cache.js';
import { parseHclFile } from '../tfvars/hcl.js';
import { oncePerEnvironment } from './once-per-environment.js';

/** What the CLI needs to know about a root module's configuration before Terraform runs. */
export interface RootConfig {
  /**
   * The root's `backend` block (override files applied, as Terraform merges them); undefined when it
   * declares none, i.e. Terraform's implicit local state.
   */
  backend: { type: string; attributes: string[]; file: string } | undefined;
  /**
   * The root or one of its local modules (source `./…` or `../…`) declares an `aws_codecommit_repository`:
   * the stack needs CodeCommit, so the AWS checks include it.
   */
  usesCodeCommit: boolean;
  /** The root or a local module uses the AWS provider (a provider block, requirement, resource or data source). */
  usesAws: boolean;
}

interface SourceFile {
  /** Path relative to the root. */
  name: string;
  contents: string;
}

type Parsed = Record<string, unknown>;

const FORMAT = 'root-config-v2';
const inProcess = new Map<string, RootConfig>();

function isOverride(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name.split('/').pop() ?? '');
}

async function moduleFiles(dir: string, rootDir: string): Promise<SourceFile[]> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => /\.tf(\.json)?$/.test(name))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => ({
      name: relative(rootDir, join(dir, name)) || name,
      contents: readFileSync(join(dir, name), 'utf8'),
    })),
  );
}

async function parse(file: SourceFile): Promise<Parsed> {
  try {
    return file.name.endsWith('.json')
      ? (JSON.parse(file.contents) as Parsed)
      : await parseHclFile(file.name, file.contents);
  } catch {
    // Terraform reports syntax errors itself, with positions; here a broken file just adds no facts.
    return {};
  }
}

function asBlocks(value: unknown): Parsed[] {
  if (Array.isArray(value)) return value as Parsed[];
  return value !== null && typeof value === 'object' ? [value as Parsed] : [];
}

function backendOf(parsed: Parsed): { type: string; attributes: string[] } | undefined {
  let found: { type: string; attributes: string[] } | undefined;
  for (const block of asBlocks(parsed['terraform'])) {
    const backend = block['backend'];
    if (backend === null || typeof backend !== 'object') continue;
    for (const [type, body] of Object.entries(backend as Parsed)) {
      found = { type, attributes: Object.keys(asBlocks(body)[0] ?? {}).sort() };
    }
  }
  return found;
}

function localModuleSources(parsed: Parsed): string[] {
  const sources: string[] = [];
  const modules = parsed['module'];
  if (modules === null || typeof modules !== 'object') return sources;
  for (const blocks of Object.values(modules as Parsed)) {
    for (const block of asBlocks(blocks)) {
      const source = block['source'];
      if (typeof source === 'string' && /^\.\.?\//.test(source)) sources.push(source);
    }
  }
  return sources;
}

function usesAwsProvider(parsed: Parsed): boolean {
  const keysOf = (value: unknown) => (value !== null && typeof value === 'object' ? Object.keys(value) : []);
  const required = asBlocks(parsed['terraform']).flatMap((block) =>
    asBlocks(block['required_providers']).flatMap(keysOf),
  );
  return (
    required.includes('aws') ||
    keysOf(parsed['provider']).includes('aws') ||
    [...keysOf(parsed['resource']), ...keysOf(parsed['data'])].some((type) => type.startsWith('aws_'))
  );
}

function declaresCodeCommit(parsed: Parsed): boolean {
  const resources = parsed['resource'];
  return resources !== null && typeof resources === 'object' && 'aws_codecommit_repository' in resources;
}

async function derive(rootDir: string, rootFiles: SourceFile[]): Promise<RootConfig> {
  let backend: RootConfig['backend'];
  let usesCodeCommit = false;
  let usesAws = false;
  const ordered = [
    ...rootFiles.filter((f) => !isOverride(f.name)),
    ...rootFiles.filter((f) => isOverride(f.name)),
  ];
  const pending: Array<{ dir: string; parsed: Parsed }> = [];
  for (const file of ordered) {
    const parsed = await parse(file);
    const found = backendOf(parsed);
    if (found) backend = { ...found, file: file.name };
    pending.push({ dir: rootDir, parsed });
  }
  const visited = new Set([resolve(rootDir)]);
  while (pending.length > 0) {
    const { dir, parsed } = pending.shift() as { dir: string; parsed: Parsed };
    if (declaresCodeCommit(parsed)) usesCodeCommit = true;
    if (usesAwsProvider(parsed)) usesAws = true;
    for (const source of localModuleSources(parsed)) {
      const moduleDir = resolve(dir, source);
      if (visited.has(moduleDir)) continue;
      visited.add(moduleDir);
      for (const file of await moduleFiles(moduleDir, rootDir))
        pending.push({ dir: moduleDir, parsed: await parse(file) });
    }
  }
  return { backend, usesCodeCommit, usesAws: usesAws || usesCodeCommit };
}

/** Module folders the root refers to by a local path, found by text (no parse), for the cache key. */
async function referencedFiles(rootDir: string, rootFiles: SourceFile[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const queue = rootFiles.map((file) => ({ dir: rootDir, file }));
  const visited = new Set([resolve(rootDir)]);
  while (queue.length > 0) {
    const { dir, file } = queue.shift() as { dir: string; file: SourceFile };
    for (const match of file.contents.matchAll(/source\s*[=:]\s*"(\.\.?\/[^"]*)"/g)) {
      const moduleDir = resolve(dir, match[1] as string);
      if (visited.has(moduleDir)) continue;
      visited.add(moduleDir);
      for (const moduleFile of await moduleFiles(moduleDir, rootDir)) {
        files.push(moduleFile);
        queue.push({ dir: moduleDir, file: moduleFile });
      }
    }
  }
  return files;
}

/**
 * The root's backend and whether its stack uses CodeCommit, from its .tf / .tf.json files and those of
 * its local modules; cached by their content.
 */
export async function readRootConfig(rootDir: string): Promise<RootConfig> {
  const rootFiles = await moduleFiles(rootDir, rootDir);
  const all = [...rootFiles, ...(await referencedFiles(rootDir, rootFiles))];
  const key = cacheKey([FORMAT, ...all.flatMap((file) => [file.name, file.contents])]);
  const known = inProcess.get(key) ?? (await readUserCache<RootConfig>('root-config', rootDir, key));
  if (known) {
    inProcess.set(key, known);
    return known;
  }
  const config = await derive(rootDir, rootFiles);
  inProcess.set(key, config);
  await writeUserCache('root-config', rootDir, key, config);
  return config;
}

/**
 * `readRootConfig` of the env's root, read once per resolved env: the readiness check, the preflight,
 * init and the Terraform runs of one command all ask for it.
 */
export const rootConfigOf = oncePerEnvironment((env) => readRootConfig(env.rootDir), {
  forgetFailures: true,
});
