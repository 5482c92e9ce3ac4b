import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface GitCredentials {
  username: string;
  password: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** 20260102T030405 (UTC, no trailing Z) */
function amzTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
}

/**
 * HTTPS git credentials for a CodeCommit repository URL, derived from AWS credentials the way
 * git-remote-codecommit does: a SigV4 signature (service "codecommit") over a canonical request
 * with method GIT, the repository path and the host. The session token rides in the username.
 */
export function codeCommitGitCredentials(
  repositoryUrl: string,
  region: string,
  credentials: AwsCredentials,
  now: Date = new Date(),
): GitCredentials {
  const url = new URL(repositoryUrl);
  const timestamp = amzTimestamp(now);
  const date = timestamp.slice(0, 8);
  const canonicalRequest = `GIT\n${url.pathname}\n\nhost:${url.host}\n\nhost\n`;
  const scope = `${date}/${region}/codecommit/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    timestamp,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), 'codecommit'),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    username: credentials.sessionToken
      ? `${credentials.accessKeyId}%${credentials.sessionToken}`
      : credentials.accessKeyId,
    password: `${timestamp}Z${signature}`,
  };
}
