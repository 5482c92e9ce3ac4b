import { ChallengeError } from '../errors.js';
import type { AwsProfile } from './profiles.js';
import type { AwsSession } from './session.js';

interface SdkErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function describe(session: AwsSession): string {
  return session.profile === undefined ? 'the environment credentials' : `AWS profile "${session.profile}"`;
}

/** How to get fresh credentials: `aws sso login` for an SSO profile, new keys otherwise. */
function refreshHint(session: AwsSession, profile: AwsProfile | undefined): string {
  if (session.profile === undefined)
    return 'Export fresh AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or pass --profile.';
  if (profile?.sso) return `Log in again: \`aws sso login --profile ${session.profile}\`.`;
  if (profile === undefined)
    return `Refresh it: \`aws sso login --profile ${session.profile}\` or \`aws configure --profile ${session.profile}\`.`;
  return `Store fresh keys in the profile: \`aws configure --profile ${session.profile}\` (temporary keys need aws_session_token too).`;
}

/** An SSO profile whose credentials cannot be had: its session expired, or `aws sso login` never ran. */
export function ssoLoginRequired(session: AwsSession, doing: string, cause: unknown): ChallengeError {
  return new ChallengeError(
    `The SSO session of ${describe(session)} has expired or was never started (${doing}).`,
    {
      hint: `Log in again: \`aws sso login --profile ${session.profile}\`.`,
      code: 'AWS_SSO_LOGIN_REQUIRED',
      cause,
    },
  );
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** A failure to reach the endpoint at all (DNS, refused, timed out), described without the SDK's noise. */
function networkProblem(error: unknown): string | undefined {
  const found = error as { code?: unknown; name?: unknown; hostname?: unknown; message?: unknown } | null;
  if (!found || typeof found !== 'object') return undefined;
  if (typeof found.code === 'string' && NETWORK_CODES.has(found.code)) {
    const host = typeof found.hostname === 'string' ? ` ${found.hostname}` : '';
    return `${found.code}${host}`;
  }
  if (found.name === 'TimeoutError') return 'the request timed out';
  return undefined;
}

/**
 * Turns an SDK or credential-provider error into a ChallengeError that names the problem and the fix.
 * `doing` says what was attempted ("reading key pairs in eu-west-1"); `profile`, when known, tells an SSO
 * profile (log in again) from one with keys (store new keys). Secrets never appear: SDK messages for
 * these codes carry none, and we do not echo request parameters.
 */
export function toChallengeError(
  error: unknown,
  session: AwsSession,
  doing: string,
  profile?: AwsProfile,
): ChallengeError {
  if (error instanceof ChallengeError) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const code = sdk.name ?? sdk.Code ?? 'Unknown';
  const status = sdk.$metadata?.httpStatusCode;
  const who = describe(session);
  const network = networkProblem(error);
  if (network) {
    return new ChallengeError(`Could not reach AWS while ${doing}: ${network} (region ${session.region}).`, {
      hint: 'Check your network connection (and HTTPS_PROXY or AWS_ENDPOINT_URL if you set them) and the region, then run the command again.',
      code: 'AWS_UNREACHABLE',
      cause: error,
    });
  }
  switch (code) {
    case 'CredentialsProviderError':
    case 'TokenProviderError':
      if (profile?.sso) return ssoLoginRequired(session, doing, error);
      return new ChallengeError(`No AWS credentials found for ${who} while ${doing}.`, {
        hint:
          session.profile === undefined
            ? 'Choose a profile with --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
            : `Configure it: \`aws configure --profile ${session.profile}\` (or \`aws sso login --profile ${session.profile}\` for an SSO profile).`,
        code: 'AWS_NO_CREDENTIALS',
        cause: error,
      });
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'TokenRefreshRequired':
      return new ChallengeError(
        profile?.sso
          ? `The SSO session of ${who} has expired (${doing}).`
          : `The temporary credentials of ${who} have expired (${doing}).`,
        { hint: refreshHint(session, profile), code: 'AWS_EXPIRED_TOKEN', cause: error },
      );
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
    case 'AuthFailure':
    case 'SignatureDoesNotMatch':
    case 'InvalidAccessKeyId':
      return new ChallengeError(
        `AWS rejected the access key of ${who} as invalid: deleted, deactivated or mistyped (${doing}).`,
        { hint: refreshHint(session, profile), code: 'AWS_INVALID_CREDENTIALS', cause: error },
      );
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'UnauthorizedOperation':
    case 'Forbidden':
      return new ChallengeError(`AWS denied access to ${who} while ${doing}.`, {
        hint: 'Use a profile whose IAM policy allows this action (--profile), or ask your AWS administrator.',
        code: 'AWS_ACCESS_DENIED',
        cause: error,
      });
    case 'InvalidKeyPair.NotFound':
      return new ChallengeError(`The EC2 key pair does not exist (${doing}).`, {
        hint: 'Pick an existing key pair (`challenge init`), or import your public key with --import-public-key ~/.ssh/id_ed25519.pub.',
        code: 'AWS_KEY_PAIR_NOT_FOUND',
        cause: error,
      });
    default:
      return new ChallengeError(
        `AWS call failed while ${doing}: ${code}${status ? ` (HTTP ${status})` : ''}${sdk.message && sdk.message !== code ? ` — ${sdk.message}` : ''}.`,
        {
          hint: 'Check the region and your network, then run the command again.',
          code: 'AWS_ERROR',
          cause: error,
        },
      );
  }
}
