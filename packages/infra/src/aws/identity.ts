import { ssoLoginRequired, toChallengeError } from './errors.js';
import { type AwsProfile, requireProfile } from './profiles.js';
import { type AwsSession, clientConfig } from './session.js';

export interface CallerIdentity {
  account: string;
  arn: string;
}

/**
 * Identities already asked for in this process, by endpoint and access key id: an access key belongs to
 * one account for its whole life, so the bucket checks that need the account (ExpectedBucketOwner) can
 * run without a second STS round trip. Failures are not kept.
 */
const known = new Map<string, Promise<CallerIdentity>>();

/** Who the session's credentials belong to (STS GetCallerIdentity); checks the profile exists first. */
export async function whoAmI(session: AwsSession): Promise<CallerIdentity> {
  const profile: AwsProfile | undefined =
    session.profile === undefined ? undefined : await requireProfile(session.profile);
  const config = clientConfig(session);
  const doing = 'checking who you are (STS GetCallerIdentity)';
  let accessKeyId: string;
  let credentials: Awaited<ReturnType<typeof config.credentials>>;
  try {
    credentials = await config.credentials();
    accessKeyId = credentials.accessKeyId;
  } catch (error) {
    // The SSO provider also fails with plain errors (an sso-session section missing, say): all mean log in.
    if (profile?.sso) throw ssoLoginRequired(session, doing, error);
    throw toChallengeError(error, session, doing, profile);
  }
  const key = `${config.endpoint ?? 'aws'} ${accessKeyId}`;
  let identity = known.get(key);
  if (!identity) {
    identity = (async () => {
      const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
      const answer = await new STSClient({ ...config, credentials }).send(new GetCallerIdentityCommand({}));
      return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
    })();
    known.set(key, identity);
  }
  try {
    return await identity;
  } catch (error) {
    known.delete(key);
    throw toChallengeError(error, session, doing, profile);
  }
}

/**
 * The account the session's credentials belong to: from the credentials themselves when the provider
 * knows it (SSO, assumed roles, aws_account_id), else from STS (asked once per access key).
 */
export async function accountOf(session: AwsSession): Promise<string> {
  try {
    const { accountId } = await clientConfig(session).credentials();
    if (accountId) return accountId;
  } catch {
    // whoAmI explains credentials that do not resolve.
  }
  return (await whoAmI(session)).account;
}

/** Forgets the identities asked for so far (a benchmark measuring a fresh process calls this). */
export function forgetCallerIdentities(): void {
  known.clear();
}
