import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { envPaths } from '../environment/paths.js';
import { writeInsideRoot } from '../files/write-inside-root.js';
import type { PendingAnswers } from './answers.js';

async function readSettingsObject(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function asPending(value: unknown): PendingAnswers | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const pending = value as PendingAnswers;
  return typeof pending.savedAt === 'string' ? pending : undefined;
}

/** The answers a failed run of `challenge init --env <env>` left, if any. */
export async function readPendingAnswers(rootDir: string, env: string): Promise<PendingAnswers | undefined> {
  return asPending((await readSettingsObject(envPaths.localSettings(rootDir, env)))?.['pending']);
}

/** Envs with answers left by a failed run, newest first (the first is the natural default env). */
export async function envsWithPendingAnswers(rootDir: string): Promise<string[]> {
  const folder = join(rootDir, '.challenge');
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: { env: string; savedAt: string }[] = [];
  for (const name of names.filter((file) => file.endsWith('.json'))) {
    const pending = asPending((await readSettingsObject(join(folder, name)))?.['pending']);
    if (pending) found.push({ env: name.slice(0, -'.json'.length), savedAt: pending.savedAt });
  }
  return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt)).map((entry) => entry.env);
}

/**
 * Adds `pending` to the env's per-user settings file, keeping what it already holds (a completed init
 * rewrites the file without it).
 */
export async function writePendingAnswers(
  rootDir: string,
  env: string,
  pending: PendingAnswers,
): Promise<string> {
  const path = envPaths.localSettings(rootDir, env);
  const current = (await readSettingsObject(path)) ?? {};
  await writeInsideRoot(rootDir, path, `${JSON.stringify({ ...current, pending }, null, 2)}\n`, {
    retry: `challenge init --env ${env}`,
  });
  return path;
}
