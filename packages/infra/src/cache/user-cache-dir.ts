import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * challenge's folder in the user's cache (`$XDG_CACHE_HOME/challenge`, else `~/.cache/challenge`), or
 * undefined when there is no place to keep caches: a HOME that does not exist is never created, nor is
 * anything written under it (system users often have HOME=/nonexistent); a relative XDG_CACHE_HOME is
 * ignored, as the XDG spec says. Callers skip their cache then.
 */
export function userCacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg))
    return isFolder(xdg) || isFolder(dirname(xdg)) ? join(xdg, 'challenge') : undefined;
  const home = env['HOME'] || homedir();
  return home && isFolder(home) ? join(home, '.cache', 'challenge') : undefined;
}

/** Whether the user's Terraform CLI config (TF_CLI_CONFIG_FILE, else ~/.terraformrc) sets plugin_cache_dir. */
export function cliConfigSetsPluginCache(env: NodeJS.ProcessEnv = process.env): boolean {
  const home = env['HOME'] || homedir();
  const file = env['TF_CLI_CONFIG_FILE'] || (home ? join(home, '.terraformrc') : '');
  try {
    return file !== '' && /^\s*plugin_cache_dir\s*=/m.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
