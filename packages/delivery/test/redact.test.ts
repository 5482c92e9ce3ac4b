import { findLeaks, startGitServer } from '@challenge/testkit';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { codeCommitGitCredentials } from '../src/codecommit/credentials.js';
import { networkGitConfig, networkGitEnv } from '../src/codecommit/git-env.js';
import { secretRedactor } from '../src/codecommit/redact.js';

const KEYS = {
  accessKeyId: 'AKIDREDACTTEST01',
  secretAccessKey: 'redact/secret+key=value0123456789',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+redact/token==',
};

function redactorFor(username: string, password: string) {
  return secretRedactor(
    [KEYS.secretAccessKey, KEYS.sessionToken, username, password, KEYS.accessKeyId],
    [[username, password]],
  );
}

describe('secret redaction', () => {
  it('removes the Basic header and token that real git prints with GIT_TRACE_CURL and GIT_TRACE_REDACT=0', async () => {
    const server = await startGitServer({
      secretAccessKey: KEYS.secretAccessKey,
      region: 'eu-west-1',
      repos: ['r'],
    });
    try {
      const url = new URL(server.repoUrl('r'));
      const credentials = codeCommitGitCredentials(url.toString(), 'eu-west-1', KEYS);
      // What the user's tracing variables make real git print when they reach a network call.
      const traced = await execa('git', [...networkGitConfig(), 'ls-remote', url.toString()], {
        env: { ...networkGitEnv(url, credentials), GIT_TRACE_CURL: '1', GIT_TRACE_REDACT: '0' },
        extendEnv: false,
        reject: false,
      });
      expect(traced.exitCode).toBe(0);
      const trace = traced.stderr;
      const targets = { ...KEYS, repoUrl: url.toString(), region: 'eu-west-1' };
      expect(trace).toContain('Authorization: Basic');
      expect(findLeaks(trace, targets)).toEqual(
        expect.arrayContaining(['derived password (base64)', 'session token (base64)']),
      );

      const redacted = redactorFor(credentials.username, credentials.password)(trace);
      expect(findLeaks(redacted, targets)).toEqual([]);
      expect(redacted).toContain('Authorization: Basic ***');
      expect(redacted).toContain('GET /v1/repos/r/info/refs?service=git-upload-pack');
    } finally {
      await server.close();
    }
  });

  it('removes raw, percent-encoded (any case, any set of characters) and base64 forms, keeping the rest', () => {
    const url = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app';
    const credentials = codeCommitGitCredentials(url, 'eu-west-1', KEYS);
    const { username, password } = credentials;
    const targets = { ...KEYS, repoUrl: url, region: 'eu-west-1' };
    const lowerHex = [...username].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    const texts = [
      `Password for 'https://${username.replace('%', '%25')}@git-codecommit.eu-west-1.amazonaws.com': `,
      `user=${encodeURIComponent(username)} pass=${encodeURIComponent(password)}`,
      `every byte encoded: ${lowerHex}`,
      `Authorization: Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      `url-safe: ${Buffer.from(`${username}:${password}`).toString('base64url')}`,
      `inside other base64: ${Buffer.from(`xy${KEYS.secretAccessKey}z`).toString('base64')}`,
      JSON.stringify({ error: { message: `secret ${KEYS.secretAccessKey} token ${KEYS.sessionToken}` } }),
    ];
    const redact = redactorFor(username, password);
    for (const [index, text] of texts.entries()) {
      expect(findLeaks(text, targets).length, `text ${index} carries a secret before`).toBeGreaterThan(0);
      expect(findLeaks(redact(text), targets), `text ${index} after redaction`).toEqual([]);
    }
    expect(redact(texts[0]!)).toBe("Password for 'https://***@git-codecommit.eu-west-1.amazonaws.com': ");
    expect(redact('fatal: Authentication failed for http://127.0.0.1:1/v1/repos/app')).toBe(
      'fatal: Authentication failed for http://127.0.0.1:1/v1/repos/app',
    );
  });

  it('with no secrets, returns the text unchanged', () => {
    expect(secretRedactor([undefined, ''])('anything %41 QUtJRA==')).toBe('anything %41 QUtJRA==');
  });
});
