import { restXmlError, xmlEscape } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse } from './server.js';

/**
 * Bucket-level behaviour of S3 that the bucket checks of `challenge init` rely on, kept apart from the
 * operation table in s3.ts. Each function answers what real S3 answers (botocore's s3 service model and
 * the S3 API reference are the source).
 */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

interface LocatedBucket {
  name: string;
  region: string;
}

/**
 * A request sent to another region's endpoint than the bucket's: HEAD gets a bare 301 whose
 * x-amz-bucket-region names the bucket's region (HEAD has no body); other calls get the
 * PermanentRedirect error document with the endpoint to use.
 */
export function regionRedirect(bucket: LocatedBucket, request: FakeAwsRequest): FakeAwsResponse | undefined {
  if (bucket.region === request.region) return undefined;
  const headers = { 'x-amz-bucket-region': bucket.region };
  if (request.method === 'HEAD') return { status: 301, headers };
  const error = restXmlError(
    301,
    'PermanentRedirect',
    'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
  );
  const body = String(error.body).replace(
    '<RequestId>',
    `<Endpoint>${xmlEscape(bucket.name)}.s3.${bucket.region}.amazonaws.com</Endpoint><Bucket>${xmlEscape(bucket.name)}</Bucket><RequestId>`,
  );
  return { ...error, headers: { ...error.headers, ...headers }, body };
}

/** HeadBucket on a bucket the caller may not read: 403 without a body, still naming the bucket's region. */
export function headForbidden(bucket: LocatedBucket): FakeAwsResponse {
  return { status: 403, headers: { 'x-amz-bucket-region': bucket.region } };
}

/**
 * CreateBucket on a name the caller already owns: BucketAlreadyOwnedByYou everywhere but us-east-1,
 * where S3 answers 200 OK for legacy compatibility (so only a HeadBucket first tells the two apart).
 */
export function createOwnBucketAgain(bucket: LocatedBucket, request: FakeAwsRequest): FakeAwsResponse {
  if (request.region === 'us-east-1' && bucket.region === 'us-east-1') {
    return { status: 200, headers: { location: `/${bucket.name}` } };
  }
  return restXmlError(
    409,
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
  );
}

/** The x-amz-object-ownership of a CreateBucket; S3's default for new buckets is BucketOwnerEnforced. */
export function requestedObjectOwnership(request: FakeAwsRequest): string {
  const header = request.headers['x-amz-object-ownership'];
  return typeof header === 'string' && header !== '' ? header : 'BucketOwnerEnforced';
}

/** GetPublicAccessBlock: the four settings, or NoSuchPublicAccessBlockConfiguration when none is set. */
export function publicAccessBlockAnswer(blocked: boolean): FakeAwsResponse {
  if (!blocked) {
    return restXmlError(
      404,
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
    );
  }
  const flags = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']
    .map((flag) => `<${flag}>true</${flag}>`)
    .join('');
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration xmlns="${NS}">${flags}</PublicAccessBlockConfiguration>`,
  };
}
