import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsProtocol, FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './exchange.js';
import { answeredOperation } from './service.js';

export type { AwsProtocol, FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './exchange.js';

/** One request a fake answered and its answer, as they went over the wire (for the model-conformance test). */
export interface FakeAwsExchange {
  model: string;
  operation: string;
  protocol: AwsProtocol;
  signingName: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string };
}

/**
 * Answers the EC2 instance metadata service (IMDS). IMDS is not an AWS API (plain HTTP on the instance, no
 * SigV4, no botocore service model), so it is no service handler: the server routes unsigned requests
 * under /latest/ to it before service dispatch and records them in `requests` (service "imds") but not in
 * `exchanges`.
 */
export type InstanceMetadataHandler = (request: FakeAwsRequest) => FakeAwsResponse;

export interface FakeAwsOptions {
  /**
   * AWS services by signing name. Every answer must come from an operation declared with
   * defineFakeService (anything else is refused with a 500).
   */
  handlers: Record<string, ServiceHandler>;
  /** The instance metadata service, for AWS_EC2_METADATA_SERVICE_ENDPOINT=<url> (default: none, 501). */
  instanceMetadata?: InstanceMetadataHandler;
  /** Delay added before every answer, to measure concurrency. */
  latencyMs?: number;
  /** The server closes itself after this long even if a test forgets to (default 10 minutes). */
  maxLifetimeMs?: number;
}

export interface FakeAws {
  /** http://127.0.0.1:<port> — set it as AWS_ENDPOINT_URL. */
  url: string;
  /** Every request received, in order. */
  requests: FakeAwsRequest[];
  /** Every answered operation with its request and response (unanswered 501s are not exchanges). */
  exchanges: FakeAwsExchange[];
  /** Requests of one service (and optionally one action). */
  calls(service: string, action?: string): FakeAwsRequest[];
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/** The `service` of an instance metadata request (no AWS signing name is "imds"). */
const IMDS = 'imds';

const SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function parseRequest(method: string, url: URL, headers: IncomingHttpHeaders, body: Buffer): FakeAwsRequest {
  const auth = String(headers.authorization ?? '');
  const scope = SCOPE.exec(auth);
  const target = headers['x-amz-target'];
  const contentType = String(headers['content-type'] ?? '');
  let protocol: AwsProtocol = 'rest';
  let action: string | undefined;
  let params: Record<string, string> = {};
  let json: Record<string, unknown> | undefined;
  if (typeof target === 'string') {
    protocol = 'json';
    action = target.split('.').pop();
    json = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  } else if (method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    protocol = 'query';
    params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    action = params['Action'];
  }
  // The instance metadata service is plain HTTP without SigV4 (AWS_EC2_METADATA_SERVICE_ENDPOINT).
  const imds = scope === null && url.pathname.startsWith('/latest/');
  return {
    service: scope?.[3] ?? (imds ? IMDS : 'unknown'),
    region: scope?.[2] ?? 'unknown',
    accessKeyId: scope?.[1] ?? '',
    sessionToken:
      typeof headers['x-amz-security-token'] === 'string' ? headers['x-amz-security-token'] : undefined,
    protocol,
    action,
    method,
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    headers,
    body,
    params,
    json,
  };
}

/**
 * A loopback HTTP server that answers AWS SDK / Terraform calls routed to it with AWS_ENDPOINT_URL.
 * Each service is a handler keyed by its signing name; an unknown service or operation gets a 501
 * naming it, so a test fails loudly instead of hanging.
 */
export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const requests: FakeAwsRequest[] = [];
  const exchanges: FakeAwsExchange[] = [];
  let latencyMs = options.latencyMs ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let response: FakeAwsResponse | undefined;
        try {
          const url = new URL(req.url ?? '/', 'http://127.0.0.1');
          const request = parseRequest(req.method ?? 'GET', url, req.headers, Buffer.concat(chunks));
          requests.push(request);
          if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
          const what = `${request.service} ${request.action ?? `${request.method} ${request.path}`}`;
          if (request.service === IMDS) {
            response = options.instanceMetadata?.(request) ?? {
              status: 501,
              headers: { 'content-type': 'text/plain' },
              body: 'fake-aws: no instance metadata service (startFakeAws instanceMetadata option)',
            };
          } else {
            response = await answerAws(options.handlers, request, what);
            const answered = answeredOperation(response);
            if (answered) exchanges.push(exchangeOf(answered, request, req.url ?? '/', response));
          }
        } catch (error) {
          response = {
            status: 500,
            headers: { 'content-type': 'text/plain' },
            body: `fake-aws: ${String(error)}`,
          };
        }
        res.writeHead(response.status, { 'x-amzn-requestid': 'fake-request-id', ...response.headers });
        res.end(response.body ?? '');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const lifetime = setTimeout(() => server.close(), options.maxLifetimeMs ?? 10 * 60_000);
  lifetime.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    exchanges,
    calls: (service, action) =>
      requests.filter((r) => r.service === service && (action === undefined || r.action === action)),
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A service's answer; a 501 naming the call when no handler answers it, and a 500 when the answer does
 * not come from an operation declared with defineFakeService.
 */
async function answerAws(
  handlers: Record<string, ServiceHandler>,
  request: FakeAwsRequest,
  what: string,
): Promise<FakeAwsResponse> {
  const response = await handlers[request.service]?.(request);
  if (!response) {
    return {
      status: 501,
      headers: { 'content-type': 'text/plain' },
      body: `fake-aws: no handler for ${what}`,
    };
  }
  if (answeredOperation(response)) return response;
  return {
    status: 500,
    headers: { 'content-type': 'text/plain' },
    body: `fake-aws: ${what} was answered outside defineFakeService; declare the operation in a fake service definition so the model-conformance test covers it`,
  };
}

function headerRecord(
  headers: IncomingHttpHeaders | Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]),
  );
}

function exchangeOf(
  answered: { model: string; operation: string },
  request: FakeAwsRequest,
  url: string,
  response: FakeAwsResponse,
): FakeAwsExchange {
  return {
    ...answered,
    protocol: request.protocol,
    signingName: request.service,
    request: {
      method: request.method,
      url,
      headers: headerRecord(request.headers),
      body: request.body.toString('utf8'),
    },
    response: {
      status: response.status,
      headers: { 'x-amzn-requestid': 'fake-request-id', ...headerRecord(response.headers) },
      body: Buffer.isBuffer(response.body) ? response.body.toString('utf8') : (response.body ?? ''),
    },
  };
}

/** One handler for a service out of several (each answers the operations it knows, else undefined). */
export function composeHandlers(...handlers: ServiceHandler[]): ServiceHandler {
  return async (request) => {
    for (const handler of handlers) {
      const response = await handler(request);
      if (response) return response;
    }
    return undefined;
  };
}
