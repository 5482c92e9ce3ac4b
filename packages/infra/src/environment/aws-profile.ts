import type { LocalSettings } from './settings.js';

/** Where the AWS profile of a run comes from: --profile > saved per-env profile > AWS_PROFILE > default chain. */
export type ProfileSource = 'flag' | 'settings' | 'AWS_PROFILE' | 'default chain';

export interface ProfileChoice {
  /** Undefined = the SDK's default credential chain (AWS_ACCESS_KEY_ID…, the default profile, SSO, IMDS). */
  name: string | undefined;
  source: ProfileSource;
}

export function chooseProfile(
  flag: string | undefined,
  settings: LocalSettings,
  processEnv: NodeJS.ProcessEnv = process.env,
): ProfileChoice {
  if (flag !== undefined && flag !== '') return { name: flag, source: 'flag' };
  if (settings.awsProfile) return { name: settings.awsProfile, source: 'settings' };
  const fromShell = processEnv['AWS_PROFILE'];
  if (fromShell) return { name: fromShell, source: 'AWS_PROFILE' };
  return { name: undefined, source: 'default chain' };
}

/** "AWS profile "dev" (--profile)", for messages and `challenge doctor`. */
export function describeProfile(choice: ProfileChoice, envName: string): string {
  switch (choice.source) {
    case 'flag':
      return `AWS profile "${choice.name}" (--profile)`;
    case 'settings':
      return `AWS profile "${choice.name}" (saved for env ${envName} in .challenge/${envName}.json)`;
    case 'AWS_PROFILE':
      return `AWS profile "${choice.name}" (AWS_PROFILE)`;
    default:
      return 'the default AWS credential chain (no --profile, no saved profile, no AWS_PROFILE)';
  }
}
