import { createHash, createHmac } from 'node:crypto';

/**
 * The CodeCommit HTTPS password for AWS credentials (git-remote-codecommit's algorithm: SigV4, service
 * "codecommit", canonical request "GIT\n<path>\n\nhost:<host>\n\nhost\n", "<timestamp>Z<signature>").
 * The testkit's own implementation, so the server and the leak checks do not trust the code under test.
 */
export function codeCommitPassword(
  secretAccessKey: string,
  region: string,
  host: string,
  path: string,
  timestamp: string,
): string {
  const date = timestamp.slice(0, 8);
  const canonical = ['GIT', path, '', `host:${host}`, '', 'host', ''].join('\n');
  const toSign = [
    'AWS4-HMAC-SHA256',
    timestamp,
    `${date}/${region}/codecommit/aws4_request`,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  for (const part of [region, 'codecommit', 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return `${timestamp}Z${createHmac('sha256', key).update(toSign).digest('hex')}`;
}
