import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliConfigSetsPluginCache, userCacheRoot } from '../cache/user-cache-dir.js';
import type { Environment, RegionChoice } from '../environment/index.js';

/**
 * One provider cache for every env and root (hashicorp/aws is ~700 MB unpacked): each env's data dir
 * links to it instead of holding its own copy. Not when the user chose a cache (TF_PLUGIN_CACHE_DIR or
 * plugin_cache_dir in the CLI config) or has no cache folder (a HOME that does not exist).
 */
function sharedPluginCache(base: NodeJS.ProcessEnv): string | undefined {
  if (base['TF_PLUGIN_CACHE_DIR'] || cliConfigSetsPluginCache(base)) return undefined;
  const root = userCacheRoot(base);
  if (root === undefined) return undefined;
  const dir = join(root, 'terraform-plugins');
  try {
    // Terraform requires the folder to exist.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * The environment terraform runs with for one env: its own data dir, the shared provider cache, no
 * prompts, the run's AWS profile,
 * and — when the root has no region variable — the region the checks used, so Terraform uses it too.
 */
export function terraformProcessEnv(
  env: Environment,
  base: NodeJS.ProcessEnv = process.env,
  region?: RegionChoice,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {
    ...base,
    TF_DATA_DIR: env.dataDir,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  const pluginCache = sharedPluginCache(base);
  if (pluginCache !== undefined) result['TF_PLUGIN_CACHE_DIR'] = pluginCache;
  // A workspace chosen in the shell must not redirect this env's commands to another env's state.
  delete result['TF_WORKSPACE'];
  if (env.profile.source === 'flag' || env.profile.source === 'settings')
    result['AWS_PROFILE'] = env.profile.name;
  if (region?.region && region.variable === undefined) result['AWS_REGION'] = region.region;
  return result;
}
