import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { codeCommitGitCredentials } from '../src/codecommit/credentials.js';

/**
 * The published algorithm (git-remote-codecommit: SigV4, service "codecommit", canonical request
 * "GIT\n<path>\n\nhost:<host>\n\nhost\n", password "<timestamp>Z<signature>"), written independently in
 * Python's hmac/hashlib so the vector does not come from the code under test.
 */
const REFERENCE = `
import hashlib, hmac, sys
secret, region, host, path, timestamp = sys.argv[1:6]
date = timestamp[:8]
canonical = "GIT\\n%s\\n\\nhost:%s\\n\\nhost\\n" % (path, host)
to_sign = "\\n".join(["AWS4-HMAC-SHA256", timestamp, "%s/%s/codecommit/aws4_request" % (date, region),
                      hashlib.sha256(canonical.encode()).hexdigest()])
def h(key, msg): return hmac.new(key, msg.encode(), hashlib.sha256).digest()
key = h(h(h(h(("AWS4" + secret).encode(), date), region), "codecommit"), "aws4_request")
print(timestamp + "Z" + hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest())
`;

function reference(secret: string, region: string, host: string, path: string, timestamp: string): string {
  return execFileSync('python3', ['-c', REFERENCE, secret, region, host, path, timestamp], {
    encoding: 'utf8',
  }).trim();
}

const NOW = new Date('2026-01-02T03:04:05.678Z');
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('CodeCommit git credentials from AWS credentials', () => {
  it('match the published algorithm for static keys', () => {
    const url = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/challenge-mock-app';
    const credentials = codeCommitGitCredentials(url, 'eu-west-1', KEYS, NOW);
    expect(credentials.username).toBe('AKIDEXAMPLE');
    expect(credentials.password).toBe(
      reference(
        KEYS.secretAccessKey,
        'eu-west-1',
        'git-codecommit.eu-west-1.amazonaws.com',
        '/v1/repos/challenge-mock-app',
        '20260102T030405',
      ),
    );
    expect(credentials.password).toMatch(/^20260102T030405Z[0-9a-f]{64}$/);
  });

  it('carry a session token in the username, and sign the host with its port', () => {
    const url = 'http://127.0.0.1:40123/v1/repos/other';
    const credentials = codeCommitGitCredentials(
      url,
      'us-east-2',
      { ...KEYS, sessionToken: 'FwoGZXIvYXdzEBQaD+token/=' },
      NOW,
    );
    expect(credentials.username).toBe('AKIDEXAMPLE%FwoGZXIvYXdzEBQaD+token/=');
    expect(credentials.password).toBe(
      reference(KEYS.secretAccessKey, 'us-east-2', '127.0.0.1:40123', '/v1/repos/other', '20260102T030405'),
    );
  });

  it('change with the clock, region and repository', () => {
    const url = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/a';
    const base = codeCommitGitCredentials(url, 'eu-west-1', KEYS, NOW).password;
    expect(
      codeCommitGitCredentials(url, 'eu-west-1', KEYS, new Date(NOW.getTime() + 1000)).password,
    ).not.toBe(base);
    expect(codeCommitGitCredentials(url, 'eu-west-2', KEYS, NOW).password).not.toBe(base);
    expect(codeCommitGitCredentials(`${url}b`, 'eu-west-1', KEYS, NOW).password).not.toBe(base);
  });
});
