import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCommitPassword } from './codecommit-password.js';

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
  /**
   * Makes the server slow: authenticated POSTs of `service` wait `ms` before git http-backend sees them,
   * and are dropped unanswered if the client goes away meanwhile (0 restores normal speed).
   */
  delay(service: GitService, ms: number): void;
  /** Resolves when the next authenticated POST of `service` arrives (e.g. a push has started sending). */
  requested(service: GitService): Promise<void>;
  close(): Promise<void>;
}

export type GitService = 'git-upload-pack' | 'git-receive-pack';

function timestampAgeMs(timestamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
  if (!m) return Number.POSITIVE_INFINITY;
  return Math.abs(Date.now() - Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Hands one request to `git http-backend` (CGI) and streams its answer back. */
function serveWithHttpBackend(
  root: string,
  pathname: string,
  search: string,
  user: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: pathname,
      QUERY_STRING: search.slice(1),
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
  const delays = new Map<GitService, number>();
  const waiting = new Map<GitService, Array<() => void>>();
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
        codeCommitPassword(
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
    const service = /\/(git-upload-pack|git-receive-pack)$/.exec(url.pathname)?.[1] as GitService | undefined;
    const holdMs = req.method === 'POST' && service ? (delays.get(service) ?? 0) : 0;
    if (req.method === 'POST' && service) {
      for (const resolve of waiting.get(service)?.splice(0) ?? []) resolve();
    }
    const serve = () => serveWithHttpBackend(root, url.pathname, url.search, user, req, res);
    if (holdMs <= 0) {
      serve();
      return;
    }
    let clientGone = false;
    res.on('close', () => {
      clientGone = true;
    });
    setTimeout(() => {
      if (!clientGone && !res.destroyed) serve();
    }, holdMs).unref();
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
    delay: (service, ms) => {
      delays.set(service, ms);
    },
    requested: (service) =>
      new Promise<void>((resolve) => {
        waiting.set(service, [...(waiting.get(service) ?? []), resolve]);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
