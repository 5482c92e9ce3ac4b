import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { localGitEnv, networkGitConfig, networkGitEnv } from '../src/codecommit/git-env.js';

const URL_ = new URL('https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app');
const CREDENTIALS = { username: 'AKIDENV%session/token+value=', password: '20260102T030405Zabc123' };

/** Asks git for credentials the way its HTTP transport does (`git credential fill`, request on stdin). */
function fill(request: string, env: Record<string, string>) {
  return execa('git', [...networkGitConfig(), 'credential', 'fill'], {
    env,
    extendEnv: false,
    input: request,
    reject: false,
  });
}

describe('credentials for git: the inline helper and the environments', () => {
  it('the helper answers git on stdout for the one host and protocol, from its environment', async () => {
    const answer = await fill(
      'protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\n\n',
      networkGitEnv(URL_, CREDENTIALS),
    );
    expect(answer.exitCode).toBe(0);
    expect(answer.stdout).toContain(`username=${CREDENTIALS.username}\npassword=${CREDENTIALS.password}`);
  });

  it.each([
    ['another host', 'protocol=https\nhost=evil.example\n\n'],
    ['the host with another port', 'protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com:8443\n\n'],
    ['plain http', 'protocol=http\nhost=git-codecommit.eu-west-1.amazonaws.com\n\n'],
  ])('the helper gives nothing for %s, and the user’s own helper is not asked', async (_case, request) => {
    // A user helper that would answer anything: `credential.helper=` in front of ours must silence it.
    const home = mkdtempSync(join(tmpdir(), 'git-env-home-'));
    writeFileSync(
      join(home, 'gitconfig'),
      '[credential]\n\thelper = "!f() { echo password=from-user-helper; }; f"\n',
    );
    const answer = await fill(request, {
      ...networkGitEnv(URL_, CREDENTIALS),
      GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
    });
    expect(answer.exitCode).not.toBe(0);
    expect(answer.stdout).not.toContain('password=');
    expect(answer.stderr.includes(CREDENTIALS.password)).toBe(false);
  });

  it('the user’s helper is really used without our options (control for the test above)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'git-env-home-'));
    writeFileSync(
      join(home, 'gitconfig'),
      '[credential]\n\thelper = "!f() { echo password=from-user-helper; }; f"\n',
    );
    const answer = await execa('git', ['credential', 'fill'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
        GIT_TERMINAL_PROMPT: '0',
      },
      extendEnv: false,
      input: 'protocol=https\nhost=evil.example\nusername=u\n\n',
      reject: false,
    });
    expect(answer.stdout).toContain('password=from-user-helper');
  });

  it('network calls get no tracing, askpass or AWS variable; local calls get no credential at all', () => {
    const user = {
      PATH: '/usr/bin',
      HOME: '/home/u',
      GIT_TRACE: '1',
      GIT_TRACE_CURL: '/tmp/curl.log',
      GIT_TRACE_CURL_NO_DATA: '1',
      GIT_TRACE_PACKET: '1',
      GIT_TRACE_REDACT: '0',
      GIT_TRACE2: '1',
      GIT_TRACE2_EVENT: '/tmp/ev',
      GIT_TRACE2_PERF: '1',
      GIT_CURL_VERBOSE: '1',
      GIT_SSL_NO_VERIFY: '1',
      GIT_ASKPASS: '/usr/bin/ksshaskpass',
      SSH_ASKPASS: '/usr/bin/ksshaskpass',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
      AWS_PROFILE: 'p',
      CHALLENGE_GIT_PASSWORD: 'stale',
    };
    const network = networkGitEnv(URL_, CREDENTIALS, user);
    expect(Object.keys(network).sort()).toEqual([
      'CHALLENGE_GIT_HOST',
      'CHALLENGE_GIT_PASSWORD',
      'CHALLENGE_GIT_PROTOCOL',
      'CHALLENGE_GIT_USERNAME',
      'GIT_TERMINAL_PROMPT',
      'HOME',
      'PATH',
    ]);
    expect(network).toMatchObject({ CHALLENGE_GIT_HOST: URL_.host, CHALLENGE_GIT_PROTOCOL: 'https' });
    const local = localGitEnv(user);
    expect(Object.keys(local).filter((name) => /^(AWS_|CHALLENGE_)/.test(name))).toEqual([]);
    expect(local['GIT_TRACE']).toBe('1');
  });
});
