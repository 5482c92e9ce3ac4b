import { ChallengeError } from '@challenge/infra';
import type { AwsCredentials } from './credentials.js';

/** AWS credentials from the default chain (env, profile, SSO, assumed role), for the env's profile. */
export async function resolveAwsCredentials(profile?: string): Promise<AwsCredentials> {
  try {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const credentials = await fromNodeProviderChain(profile ? { profile } : {})();
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    };
  } catch (error) {
    throw new ChallengeError(`No AWS credentials found${profile ? ` for profile ${profile}` : ''}.`, {
      code: 'NO_CREDENTIALS',
      hint: 'Run `challenge init` to pick a profile, `aws sso login` for an SSO profile, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
      cause: error,
    });
  }
}
