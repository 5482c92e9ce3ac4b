import { codeCommitPassword } from './codecommit-password.js';

/** The secrets of one test's `ship`: AWS keys, and what the CodeCommit password is derived for. */
export interface LeakTargets {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Clone URL and region the password is derived for (to recognise it by recomputing it). */
  repoUrl: string;
  region: string;
}

const PASSWORD = /(\d{8}T\d{6})Z[0-9a-f]{64}/g;
const BASE64_RUN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;

const percentDecoded = (text: string) =>
  text.replace(/%[0-9A-Fa-f]{2}/g, (encoded) => String.fromCharCode(Number.parseInt(encoded.slice(1), 16)));

/** Every run of base64 characters, decoded at each of the 4 character alignments. */
function base64Decoded(text: string): string {
  const pieces: string[] = [];
  for (const [run] of text.matchAll(BASE64_RUN)) {
    for (let offset = 0; offset < 4; offset++) {
      pieces.push(Buffer.from(run.slice(offset), 'base64').toString('latin1'));
    }
  }
  return pieces.join('\n');
}

/**
 * Which secrets appear in `text`, raw, percent-encoded or base64-encoded (a Basic header included), as
 * labels that name the secret and the form but never contain it, so they can go into a failure message.
 * A derived password counts only when it is the one for these keys (other suites may run meanwhile).
 */
export function findLeaks(text: string, targets: LeakTargets): string[] {
  const url = new URL(targets.repoUrl);
  const named: Array<[string, string]> = [
    ['access key id', targets.accessKeyId],
    ['secret access key', targets.secretAccessKey],
  ];
  if (targets.sessionToken) named.push(['session token', targets.sessionToken]);
  const decoded = base64Decoded(text);
  const views: Array<[string, string]> = [
    ['raw', text],
    ['percent-encoded', percentDecoded(text)],
    ['base64', decoded],
    ['base64 of percent-encoded', percentDecoded(decoded)],
  ];
  const leaks = new Set<string>();
  for (const [form, view] of views) {
    for (const [name, value] of named) if (view.includes(value)) leaks.add(`${name} (${form})`);
    for (const match of view.matchAll(PASSWORD)) {
      const expected = codeCommitPassword(
        targets.secretAccessKey,
        targets.region,
        url.host,
        url.pathname,
        match[1]!,
      );
      if (match[0] === expected) leaks.add(`derived password (${form})`);
    }
  }
  return [...leaks];
}
