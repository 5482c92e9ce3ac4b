import { readFile, rm } from 'node:fs/promises';
import { writeLocalSettings } from '../environment/settings.js';
import { assertWritableInsideRoot, writeInsideRoot } from '../files/write-inside-root.js';
import { renderBackendFile, stateKey } from './backend-file.js';
import type { InitContext } from './context.js';

export interface WrittenFile {
  path: string;
  /** What the file is for, as shown on init's final screen. */
  description: string;
}

/** The tfvars of the env: what it had, plus every answer init settled. */
function tfvarsOf(ctx: InitContext): Record<string, unknown> {
  const values: Record<string, unknown> = { ...ctx.env?.tfvars };
  const { keyPair, artifactStore, region } = ctx.handled;
  if (keyPair && ctx.keyPair) values[keyPair.name] = ctx.keyPair.name;
  if (artifactStore && ctx.artifactBucket) values[artifactStore.name] = ctx.artifactBucket.name;
  if (region && ctx.region) {
    if (region.required || values[region.name] !== undefined || ctx.region !== region.default)
      values[region.name] = ctx.region;
  }
  return { ...values, ...ctx.values };
}

function filesOf(ctx: InitContext) {
  const env = ctx.env;
  if (!env) throw new Error('init wrote files before the env was settled');
  return env;
}

/** Fails before any AWS action when one of the env's files could not be written safely (a symlink...). */
export async function assertEnvFilesWritable(ctx: InitContext): Promise<void> {
  const env = filesOf(ctx);
  const retry = `challenge init --env ${env.name}`;
  for (const path of [env.tfvarsPath, env.backendPath, env.settingsPath]) {
    await assertWritableInsideRoot(ctx.rootDir, path, { retry });
  }
}

/** Writes the env's tfvars, backend settings and per-user settings (which drops pending answers). */
export async function writeEnvFiles(ctx: InitContext): Promise<WrittenFile[]> {
  const env = filesOf(ctx);
  const retry = `challenge init --env ${env.name}`;
  const region = ctx.region ?? 'us-east-1';
  await writeInsideRoot(ctx.rootDir, env.tfvarsPath, `${JSON.stringify(tfvarsOf(ctx), null, 2)}\n`, {
    retry,
  });
  await writeInsideRoot(
    ctx.rootDir,
    env.backendPath,
    renderBackendFile({ bucket: ctx.stateBucket?.name ?? '', key: stateKey(env.name), region }),
    { retry },
  );
  const profile = ctx.credentials?.profile;
  const account = ctx.credentials?.identity.account;
  await writeLocalSettings(ctx.rootDir, env.name, {
    ...(profile ? { awsProfile: profile } : {}),
    region,
    ...(account ? { awsAccountId: account } : {}),
  });
  return [
    { path: env.tfvarsPath, description: 'Terraform variables (commit it)' },
    { path: env.backendPath, description: 'S3 backend settings (commit it)' },
    { path: env.settingsPath, description: 'your AWS profile, region and account (kept out of git)' },
  ];
}

/**
 * The env's files as they are now, and a function that puts them back (a file that did not exist is
 * removed): a state migration that fails after the new files were written leaves the env as it was.
 */
export async function keepEnvFiles(ctx: InitContext): Promise<() => Promise<void>> {
  const env = filesOf(ctx);
  const paths = [env.tfvarsPath, env.backendPath, env.settingsPath];
  const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8').catch(() => undefined)));
  return async () => {
    for (const [index, path] of paths.entries()) {
      const text = texts[index];
      if (text === undefined) await rm(path, { force: true });
      else await writeInsideRoot(ctx.rootDir, path, text, { retry: `challenge init --env ${env.name}` });
    }
  };
}
