import { readFileSync } from 'node:fs';
import { ChallengeError } from '../errors.js';
import { writeInsideRoot } from '../files/write-inside-root.js';
import { envPaths } from './paths.js';

/** Per-user settings of one environment (kept out of git: `<root>/.challenge/<env>.json`). */
export interface LocalSettings {
  awsProfile?: string;
  region?: string;
  /**
   * The AWS account `challenge init` set the env up in: S3 calls name it as ExpectedBucketOwner without
   * asking STS first, and credentials of another account are a failed check.
   */
  awsAccountId?: string;
}

export async function readLocalSettings(rootDir: string, env: string): Promise<LocalSettings> {
  const path = envPaths.localSettings(rootDir, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    const { awsProfile, region, awsAccountId } = parsed as Record<string, unknown>;
    return {
      ...(typeof awsProfile === 'string' ? { awsProfile } : {}),
      ...(typeof region === 'string' ? { region } : {}),
      ...(typeof awsAccountId === 'string' && /^\d{12}$/.test(awsAccountId) ? { awsAccountId } : {}),
    };
  } catch (error) {
    throw new ChallengeError(`Per-user settings ${path} are not valid JSON (${String(error)}).`, {
      code: 'BAD_LOCAL_SETTINGS',
      hint: `Delete ${path} and run \`challenge init --env ${env}\` again.`,
    });
  }
}

export async function writeLocalSettings(
  rootDir: string,
  env: string,
  settings: LocalSettings,
): Promise<void> {
  await writeInsideRoot(
    rootDir,
    envPaths.localSettings(rootDir, env),
    `${JSON.stringify(settings, null, 2)}\n`,
    {
      retry: `challenge init --env ${env}`,
    },
  );
}
