import { ChallengeError } from '@challenge/infra';

/** Set to 1 to let `ship` push to a git server on this machine (the test suites' loopback server). */
export const LOOPBACK_GIT_ENV = 'CHALLENGE_ALLOW_LOOPBACK_GIT';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/;
const REPOSITORY_PATH = /^\/v1\/repos\/[A-Za-z0-9._-]{1,100}$/;

/** CodeCommit's own HTTPS git hosts for a region (FIPS endpoints exist only in the aws and aws-us-gov partitions). */
export function codeCommitHosts(region: string): string[] {
  if (region.startsWith('cn-')) return [`git-codecommit.${region}.amazonaws.com.cn`];
  return [`git-codecommit.${region}.amazonaws.com`, `git-codecommit-fips.${region}.amazonaws.com`];
}

export function loopbackAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[LOOPBACK_GIT_ENV] === '1';
}

const FIX =
  'Check the env outputs codecommit_clone_url_http and region: run `challenge output --env <env>`, and `challenge apply` if they are wrong.';

/**
 * The clone URL the credentials go to, checked before any are derived: https to CodeCommit's own host for
 * `region` (the region the credentials are signed for), nothing else. A server on this machine is accepted
 * only when CHALLENGE_ALLOW_LOOPBACK_GIT=1 is set (tests): another local user could listen on a loopback port.
 */
export function checkCloneUrl(
  cloneUrl: string,
  region: string,
  options: { allowLoopback?: boolean } = {},
): URL {
  let url: URL;
  try {
    url = new URL(cloneUrl);
  } catch {
    throw new ChallengeError(`The clone URL "${cloneUrl}" is not a URL.`, {
      code: 'BAD_CLONE_URL',
      hint: FIX,
    });
  }
  if (url.username || url.password) {
    throw new ChallengeError('The clone URL must not contain a user name or password.', {
      code: 'BAD_CLONE_URL',
      hint: FIX,
    });
  }
  if (!REGION.test(region)) {
    throw new ChallengeError(`"${region}" is not an AWS region code.`, { code: 'BAD_CLONE_URL', hint: FIX });
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (loopback) {
    if (!(options.allowLoopback ?? loopbackAllowed())) {
      throw new ChallengeError(
        `Refusing to send CodeCommit credentials to ${url.host}, a server on this machine.`,
        {
          code: 'BAD_CLONE_URL',
          hint: `${FIX} (Test suites pointing at a local git server set ${LOOPBACK_GIT_ENV}=1.)`,
        },
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ChallengeError(`The clone URL uses ${url.protocol}//; ship pushes over http(s) only.`, {
        code: 'BAD_CLONE_URL',
        hint: FIX,
      });
    }
    return url;
  }
  const hosts = codeCommitHosts(region);
  if (url.protocol !== 'https:' || url.port !== '' || !hosts.includes(url.hostname)) {
    throw new ChallengeError(
      `Refusing to send CodeCommit credentials to ${url.protocol}//${url.host}: it is not CodeCommit's git endpoint for ${region} (expected https://${hosts.join(' or https://')}).`,
      { code: 'BAD_CLONE_URL', hint: FIX },
    );
  }
  if (!REPOSITORY_PATH.test(url.pathname) || url.search || url.hash) {
    throw new ChallengeError(
      `The clone URL path "${url.pathname}${url.search}${url.hash}" is not a CodeCommit repository path (/v1/repos/<name>).`,
      { code: 'BAD_CLONE_URL', hint: FIX },
    );
  }
  return url;
}
