import { execFileSync, spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitServer {
  /** Base URL; a repository is at `${url}/v1/repos/<name>`. */
  url: string;
  repoUrl(name: string): string;
  /** Path of the bare repository on disk. */
  repoPath(name: string): string;
  /** Usernames of the requests that passed authentication. */
  usernames: string[];
  /** Requests refused for missing or wrong credentials. */
  refused: number;
  close(): Promise<void>;
}

/** The CodeCommit password a client should send, recomputed here from the secret (own code, for checking). */
function expectedPassword(
  secret: string,
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
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of [region, 'codecommit', 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return `${timestamp}Z${createHmac('sha256', key).update(toSign).digest('hex')}`;
}

function timestampAgeMs(timestamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
  if (!m) return Number.POSITIVE_INFINITY;
  return Math.abs(Date.now() - Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * A loopback git server shaped like CodeCommit: `git http-backend` (CGI) behind an HTTP server that demands
 * Basic credentials derived from AWS keys (username = access key [+ "%" + session token], password =
 * "<timestamp>Z<SigV4 signature>") and checks them against the secret key it was given.
 */
export async function startGitServer(options: {
  secretAccessKey: string;
  region: string;
  repos: string[];
  lifetimeMs?: number;
}): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'challenge-git-server-'));
  const repoPath = (name: string) => join(root, 'v1', 'repos', name);
  for (const name of options.repos) {
    mkdirSync(repoPath(name), { recursive: true });
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', repoPath(name)]);
    execFileSync('git', ['-C', repoPath(name), 'config', 'http.receivepack', 'true']);
  }
  const state = { usernames: [] as string[], refused: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^(\/v1\/repos\/[^/]+)(\/.*)?$/.exec(url.pathname);
    const [user, password] = (() => {
      const header = req.headers.authorization ?? '';
      if (!header.startsWith('Basic ')) return ['', ''];
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return [decoded.slice(0, colon), decoded.slice(colon + 1)];
    })();
    const timestamp = password.split('Z')[0] ?? '';
    const valid =
      match !== null &&
      user.split('%')[0] !== '' &&
      timestampAgeMs(timestamp) < 15 * 60_000 &&
      password ===
        expectedPassword(
          options.secretAccessKey,
          options.region,
          req.headers.host ?? '',
          match[1]!,
          timestamp,
        );
    if (!valid) {
      state.refused += 1;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="codecommit"' });
      res.end();
      req.resume();
      return;
    }
    state.usernames.push(user);
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: user.split('%')[0] ?? '',
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name?.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => {
      if (!headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const lifetime = setTimeout(() => server.close(), options.lifetimeMs ?? 10 * 60_000);
  lifetime.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    repoUrl: (name) => `${url}/v1/repos/${name}`,
    repoPath,
    get usernames() {
      return state.usernames;
    },
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
