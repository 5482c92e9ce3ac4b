import { ChallengeError } from '../errors.js';

export interface AwsProfile {
  name: string;
  region: string | undefined;
  /** An IAM Identity Center (SSO) profile: credentials come from `aws sso login`. */
  sso: boolean;
}

/** Profiles of the AWS config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE honoured). */
export async function listProfiles(): Promise<AwsProfile[]> {
  // Loaded here, like every AWS SDK module: only a command that reads AWS profiles pays for it.
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  return [...names].sort().map((name) => {
    const settings = { ...credentialsFile[name], ...configFile[name] };
    return {
      name,
      region: settings['region'],
      sso: settings['sso_start_url'] !== undefined || settings['sso_session'] !== undefined,
    };
  });
}

/** The named profile, or a ChallengeError listing the ones that exist. */
export async function requireProfile(name: string): Promise<AwsProfile> {
  const profiles = await listProfiles();
  const found = profiles.find((profile) => profile.name === name);
  if (found) return found;
  const known = profiles.map((profile) => profile.name).join(', ');
  throw new ChallengeError(`AWS profile "${name}" is not in your AWS config or credentials file.`, {
    hint:
      profiles.length > 0
        ? `Use one of: ${known} (--profile), or create it with \`aws configure --profile ${name}\`.`
        : `Create it with \`aws configure --profile ${name}\` (or \`aws configure sso\`).`,
    code: 'AWS_UNKNOWN_PROFILE',
  });
}
