import type { IncomingHttpHeaders } from 'node:http';

/** How the SDK encoded the call: query/EC2 form bodies, JSON with X-Amz-Target, or REST (S3...). */
export type AwsProtocol = 'query' | 'json' | 'rest';

export interface FakeAwsRequest {
  /** Signing name from the SigV4 credential scope: "sts", "ec2", "s3", "codepipeline", ... */
  service: string;
  region: string;
  /** Access key id from the Authorization header (the secret never travels). */
  accessKeyId: string;
  /** X-Amz-Security-Token, when the caller used a session. */
  sessionToken: string | undefined;
  protocol: AwsProtocol;
  /** Operation name for query/json protocols ("GetCallerIdentity"); undefined for REST. */
  action: string | undefined;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Form parameters of a query-protocol call. */
  params: Record<string, string>;
  /** Parsed body of a JSON-protocol call. */
  json: Record<string, unknown> | undefined;
}

export interface FakeAwsResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type ServiceHandler = (
  request: FakeAwsRequest,
) => FakeAwsResponse | undefined | Promise<FakeAwsResponse | undefined>;
