import type { FakeAwsResponse, InstanceMetadataHandler } from './server.js';

/**
 * EC2 instance metadata (IMDSv2) of a machine without an instance role, for startFakeAws's
 * `instanceMetadata` (AWS_EC2_METADATA_SERVICE_ENDPOINT=<url>): a session token on PUT /latest/api/token,
 * 401 without one, and 404 for the role list, as IMDS answers on an instance that has no role. Credential
 * chains then fail fast.
 */
export function imdsHandler(): InstanceMetadataHandler {
  const token = 'fake-imds-token';
  return (request): FakeAwsResponse => {
    if (request.method === 'PUT' && request.path === '/latest/api/token') {
      return {
        status: 200,
        headers: { 'content-type': 'text/plain', 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
        body: token,
      };
    }
    if (request.headers['x-aws-ec2-metadata-token'] !== token) return { status: 401 };
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '404 - Not Found' };
  };
}
