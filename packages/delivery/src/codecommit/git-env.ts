import type { GitCredentials } from './credentials.js';

/**
 * A git credential helper given inline with `-c credential.helper=!…`: git runs it through the shell and
 * writes the request (protocol=…, host=…, blank line) to its stdin; it answers on stdout with the
 * credentials taken from its own environment, and only for the one host and protocol they are for. Its
 * command line holds variable names only; `store` and `erase` requests are ignored (nothing is saved).
 */
const CREDENTIAL_HELPER =
  '!f() { test "$1" = get || return 0; h=; p=; ' +
  'while IFS= read -r line && test -n "$line"; do case "$line" in ' +
  '"host=$CHALLENGE_GIT_HOST") h=1 ;; "protocol=$CHALLENGE_GIT_PROTOCOL") p=1 ;; esac; done; ' +
  'test "$h$p" = 11 && printf \'username=%s\\npassword=%s\\n\' "$CHALLENGE_GIT_USERNAME" "$CHALLENGE_GIT_PASSWORD"; }; f';

/** Options of every network git call: only our helper, no askpass, TLS verified, no trace2 output. */
export function networkGitConfig(): string[] {
  const settings = [
    'credential.helper=', // forgets the user's and the system's helpers (git stores credentials in them)
    `credential.helper=${CREDENTIAL_HELPER}`,
    'core.askPass=',
    'http.sslVerify=true',
    'trace2.normalTarget=',
    'trace2.perfTarget=',
    'trace2.eventTarget=',
    'trace2.envVars=',
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

// Variables git (or curl under it) would use to print or divert what a network call sends.
const NETWORK_UNSAFE = [/^GIT_TRACE/, /^GIT_CURL_VERBOSE$/, /^GIT_REDACT_COOKIES$/, /^GIT_SSL_NO_VERIFY$/];
const PROMPTS = [/^GIT_ASKPASS$/, /^SSH_ASKPASS$/];
// No git process (nor the hooks, filters or fsmonitor it may start) gets AWS credentials or ours.
const CREDENTIAL_VARIABLES = [/^AWS_/, /^CHALLENGE_GIT_/];

function without(env: NodeJS.ProcessEnv, patterns: RegExp[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !patterns.some((pattern) => pattern.test(name))) kept[name] = value;
  }
  return kept;
}

/** The environment of a git call that talks to no server: the user's, minus every credential. */
export function localGitEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { ...without(base, CREDENTIAL_VARIABLES), GIT_TERMINAL_PROMPT: '0' };
}

/**
 * The environment of one network git call (and the helper it starts): no tracing, no prompts, and the
 * credentials for `url` in variables only the credential helper reads.
 */
export function networkGitEnv(
  url: URL,
  credentials: GitCredentials,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    ...without(base, [...CREDENTIAL_VARIABLES, ...NETWORK_UNSAFE, ...PROMPTS]),
    GIT_TERMINAL_PROMPT: '0',
    CHALLENGE_GIT_PROTOCOL: url.protocol.replace(/:$/, ''),
    CHALLENGE_GIT_HOST: url.host,
    CHALLENGE_GIT_USERNAME: credentials.username,
    CHALLENGE_GIT_PASSWORD: credentials.password,
  };
}
