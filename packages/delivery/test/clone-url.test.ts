import { describe, expect, it } from 'vitest';
import { checkCloneUrl, codeCommitHosts } from '../src/codecommit/clone-url.js';

const repo = '/v1/repos/challenge-mock-app';

describe('clone URL check (where ship may send CodeCommit credentials)', () => {
  it.each([
    ['eu-west-1', `https://git-codecommit.eu-west-1.amazonaws.com${repo}`],
    ['us-east-2', `https://git-codecommit-fips.us-east-2.amazonaws.com${repo}`],
    ['us-gov-west-1', `https://git-codecommit.us-gov-west-1.amazonaws.com${repo}`],
    ['us-gov-west-1', `https://git-codecommit-fips.us-gov-west-1.amazonaws.com${repo}`],
    ['cn-north-1', `https://git-codecommit.cn-north-1.amazonaws.com.cn${repo}`],
    ['eu-west-1', `https://GIT-CODECOMMIT.eu-west-1.amazonaws.com:443${repo}`],
  ])('accepts CodeCommit’s own host for %s: %s', (region, url) => {
    expect(checkCloneUrl(url, region, { allowLoopback: false }).hostname).toMatch(/^git-codecommit/);
  });

  it.each([
    ['another region', 'eu-west-1', `https://git-codecommit.us-east-1.amazonaws.com${repo}`, 'for eu-west-1'],
    [
      'a look-alike suffix',
      'eu-west-1',
      `https://git-codecommit.eu-west-1.amazonaws.com.evil.example${repo}`,
      'not CodeCommit',
    ],
    [
      'a look-alike prefix',
      'eu-west-1',
      `https://evil-git-codecommit.eu-west-1.amazonaws.com${repo}`,
      'not CodeCommit',
    ],
    [
      'a trailing dot',
      'eu-west-1',
      `https://git-codecommit.eu-west-1.amazonaws.com.${repo}`,
      'not CodeCommit',
    ],
    ['plain http', 'eu-west-1', `http://git-codecommit.eu-west-1.amazonaws.com${repo}`, 'not CodeCommit'],
    [
      'another port',
      'eu-west-1',
      `https://git-codecommit.eu-west-1.amazonaws.com:8443${repo}`,
      'not CodeCommit',
    ],
    ['ssh', 'eu-west-1', `ssh://git-codecommit.eu-west-1.amazonaws.com${repo}`, 'not CodeCommit'],
    [
      'the China suffix outside China',
      'eu-west-1',
      `https://git-codecommit.eu-west-1.amazonaws.com.cn${repo}`,
      'not CodeCommit',
    ],
    [
      'the global suffix in China',
      'cn-north-1',
      `https://git-codecommit.cn-north-1.amazonaws.com${repo}`,
      'not CodeCommit',
    ],
    [
      'FIPS in China',
      'cn-north-1',
      `https://git-codecommit-fips.cn-north-1.amazonaws.com.cn${repo}`,
      'not CodeCommit',
    ],
    [
      'credentials in the URL',
      'eu-west-1',
      `https://me:pw@git-codecommit.eu-west-1.amazonaws.com${repo}`,
      'user name or password',
    ],
    [
      'a path outside /v1/repos',
      'eu-west-1',
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/other/x',
      'repository path',
    ],
    ['a query', 'eu-west-1', `https://git-codecommit.eu-west-1.amazonaws.com${repo}?x=1`, 'repository path'],
    ['not a URL', 'eu-west-1', 'git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', 'not a URL'],
    [
      'a bad region',
      'eu west 1',
      `https://git-codecommit.eu-west-1.amazonaws.com${repo}`,
      'not an AWS region',
    ],
  ])('refuses %s with a clear message and the fix', (_case, region, url, message) => {
    let error: unknown;
    try {
      checkCloneUrl(url, region, { allowLoopback: true });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'BAD_CLONE_URL', message: expect.stringContaining(message) });
    expect((error as { hint: string }).hint).toContain('challenge output --env');
  });

  it('names the hosts it expected', () => {
    expect(() => checkCloneUrl(`https://example.com${repo}`, 'eu-west-1', { allowLoopback: false })).toThrow(
      'expected https://git-codecommit.eu-west-1.amazonaws.com or https://git-codecommit-fips.eu-west-1.amazonaws.com',
    );
    expect(codeCommitHosts('cn-northwest-1')).toEqual(['git-codecommit.cn-northwest-1.amazonaws.com.cn']);
  });

  it.each([
    'http://127.0.0.1:4567/v1/repos/x',
    'http://localhost:4567/v1/repos/x',
    'http://[::1]:4567/v1/repos/x',
  ])('accepts a loopback server (%s) only when allowed', (url) => {
    expect(checkCloneUrl(url, 'eu-west-1', { allowLoopback: true }).port).toBe('4567');
    expect(() => checkCloneUrl(url, 'eu-west-1', { allowLoopback: false })).toThrow(
      'a server on this machine',
    );
  });

  it('takes the loopback permission from CHALLENGE_ALLOW_LOOPBACK_GIT=1 by default', () => {
    const saved = process.env['CHALLENGE_ALLOW_LOOPBACK_GIT'];
    try {
      process.env['CHALLENGE_ALLOW_LOOPBACK_GIT'] = '1';
      expect(() => checkCloneUrl('http://127.0.0.1:1/v1/repos/x', 'eu-west-1')).not.toThrow();
      process.env['CHALLENGE_ALLOW_LOOPBACK_GIT'] = 'true';
      expect(() => checkCloneUrl('http://127.0.0.1:1/v1/repos/x', 'eu-west-1')).toThrow(
        'a server on this machine',
      );
      delete process.env['CHALLENGE_ALLOW_LOOPBACK_GIT'];
      expect(() => checkCloneUrl('http://127.0.0.1:1/v1/repos/x', 'eu-west-1')).toThrow(
        'a server on this machine',
      );
    } finally {
      if (saved === undefined) delete process.env['CHALLENGE_ALLOW_LOOPBACK_GIT'];
      else process.env['CHALLENGE_ALLOW_LOOPBACK_GIT'] = saved;
    }
  });

  it('refuses other schemes on loopback too', () => {
    expect(() =>
      checkCloneUrl('ssh://127.0.0.1:22/v1/repos/x', 'eu-west-1', { allowLoopback: true }),
    ).toThrow('http(s) only');
  });
});
