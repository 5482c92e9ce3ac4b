import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { toChallengeError } from './errors.js';
import { requireProfile } from './profiles.js';
import { type AwsSession, clientConfig } from './session.js';

export interface CallerIdentity {
  account: string;
  arn: string;
}

/** Who the session's credentials belong to (STS GetCallerIdentity); checks the profile exists first. */
export async function whoAmI(session: AwsSession): Promise<CallerIdentity> {
  if (session.profile !== undefined) await requireProfile(session.profile);
  try {
    const answer = await new STSClient(clientConfig(session)).send(new GetCallerIdentityCommand({}));
    return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
  } catch (error) {
    throw toChallengeError(error, session, 'checking who you are (STS GetCallerIdentity)');
  }
}
