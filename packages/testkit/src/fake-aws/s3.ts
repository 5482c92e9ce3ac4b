import { restXmlError } from './responses.js';
import {
  createOwnBucketAgain,
  headForbidden,
  publicAccessBlockAnswer,
  regionRedirect,
  requestedObjectOwnership,
} from './s3-bucket-rules.js';
import { deleteObject, etagOf, type FakeObject, getObject, listObjects, putObject } from './s3-objects.js';
import type { FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './server.js';
import { defineFakeService, type ScriptedAnswer } from './service.js';
import { DEFAULT_IDENTITY } from './sts.js';

export interface FakeBucket {
  name: string;
  /** Account id that owns the bucket (default: the caller's DEFAULT_IDENTITY account). */
  owner?: string;
  region?: string;
  versioning?: 'Enabled' | 'Suspended';
  encryption?: 'AES256' | 'aws:kms';
  publicAccessBlocked?: boolean;
  policy?: string;
  /** ObjectOwnership the bucket was created with (x-amz-object-ownership). */
  objectOwnership?: string;
}

export interface S3Options {
  buckets?: FakeBucket[];
  /** The account every caller belongs to (default DEFAULT_IDENTITY.account). */
  callerAccount?: string;
  /** Access key ids answered with AccessDenied on every call. */
  deniedAccessKeyIds?: string[];
  /** Answers S3 operations before the fake does (undefined lets it answer), to script a fault. */
  before?: ScriptedAnswer;
}

export interface FakeS3 {
  handler: ServiceHandler;
  /** Keys of a bucket's objects, sorted. */
  keys(bucket: string): string[];
  /** One object of a bucket (its body as text), or undefined. */
  object(bucket: string, key: string): (Omit<FakeObject, 'body'> & { body: string }) | undefined;
  /** Stores an object directly (test setup, e.g. a lock someone else holds). */
  putObject(bucket: string, key: string, body: string): void;
  bucket(
    name: string,
  ):
    | (Required<Omit<FakeBucket, 'policy' | 'versioning' | 'encryption' | 'objectOwnership'>> &
        Pick<FakeBucket, 'policy' | 'versioning' | 'encryption' | 'objectOwnership'>)
    | undefined;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function xml(body: string, status = 200): FakeAwsResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>${body}`,
  };
}

function tag(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}

/** The sub-resource of a bucket call: "versioning", "encryption", "publicAccessBlock", "policy" or "". */
function subresource(request: FakeAwsRequest): string {
  for (const name of ['versioning', 'encryption', 'publicAccessBlock', 'policy']) {
    if (request.query.has(name)) return name;
  }
  return '';
}

/** Bucket-level operations by `<method> <sub-resource>` (path-style requests: /<bucket>?<sub-resource>). */
const BUCKET_ROUTES: Record<string, string> = {
  'PUT ': 'CreateBucket',
  'HEAD ': 'HeadBucket',
  'GET versioning': 'GetBucketVersioning',
  'PUT versioning': 'PutBucketVersioning',
  'GET encryption': 'GetBucketEncryption',
  'PUT encryption': 'PutBucketEncryption',
  'PUT publicAccessBlock': 'PutPublicAccessBlock',
  'GET publicAccessBlock': 'GetPublicAccessBlock',
  'PUT policy': 'PutBucketPolicy',
};

/** Object-level operations by method (path-style requests: /<bucket>/<key>). */
const OBJECT_ROUTES: Record<string, string> = {
  GET: 'GetObject',
  HEAD: 'HeadObject',
  PUT: 'PutObject',
  DELETE: 'DeleteObject',
};

function bucketName(request: FakeAwsRequest): string {
  return request.path.split('/').filter(Boolean)[0] ?? '';
}

/** The object key of a path-style request ('' for a bucket-level call). */
function objectKey(request: FakeAwsRequest): string {
  const path = request.path.replace(/^\/+/, '');
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(slash + 1);
}

type StoredBucket = Required<Pick<FakeBucket, 'name' | 'owner' | 'region' | 'publicAccessBlocked'>> &
  FakeBucket & { objects: Map<string, FakeObject> };

interface S3State {
  buckets: Map<string, StoredBucket>;
  callerAccount: string;
  deniedAccessKeyIds: string[];
}

/**
 * The caller's own bucket, or the answer S3 gives when it is missing, in another region than the
 * endpoint the request went to, or someone else's.
 */
function ownBucket(
  state: S3State,
  request: FakeAwsRequest,
  use: (bucket: StoredBucket) => FakeAwsResponse,
): FakeAwsResponse {
  const bucket = state.buckets.get(bucketName(request));
  if (!bucket) {
    return request.method === 'HEAD'
      ? { status: 404 }
      : restXmlError(404, 'NoSuchBucket', 'The specified bucket does not exist');
  }
  const redirect = regionRedirect(bucket, request);
  if (redirect) return redirect;
  const expectedOwner = request.headers['x-amz-expected-bucket-owner'];
  const foreign =
    bucket.owner !== state.callerAccount ||
    (typeof expectedOwner === 'string' && expectedOwner !== bucket.owner);
  if (foreign)
    return request.method === 'HEAD'
      ? headForbidden(bucket)
      : restXmlError(403, 'AccessDenied', 'Access Denied');
  return use(bucket);
}

const S3 = defineFakeService<S3State>({
  model: 's3',
  signingName: 's3',
  protocol: 'rest',
  route: (request) => {
    if (bucketName(request) === '') return undefined;
    if (objectKey(request) !== '') return OBJECT_ROUTES[request.method];
    const sub = subresource(request);
    if (request.method === 'GET' && sub === '' && request.query.get('list-type') === '2')
      return 'ListObjectsV2';
    return BUCKET_ROUTES[`${request.method} ${sub}`];
  },
  guard: (state, request) => {
    if (!state.deniedAccessKeyIds.includes(request.accessKeyId)) return undefined;
    return request.method === 'HEAD' ? { status: 403 } : restXmlError(403, 'AccessDenied', 'Access Denied');
  },
  operations: {
    CreateBucket: (state, request) => {
      const name = bucketName(request);
      const bucket = state.buckets.get(name);
      if (bucket) {
        return bucket.owner === state.callerAccount
          ? createOwnBucketAgain(bucket, request)
          : restXmlError(409, 'BucketAlreadyExists', 'The requested bucket name is not available.');
      }
      const text = request.body.toString('utf8');
      const region = tag(text, 'LocationConstraint') ?? 'us-east-1';
      if (region === 'us-east-1' && text.includes('LocationConstraint')) {
        return restXmlError(
          400,
          'InvalidLocationConstraint',
          'The specified location-constraint is not valid',
        );
      }
      if (region !== request.region) {
        return restXmlError(
          400,
          'IllegalLocationConstraintException',
          `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        );
      }
      // New buckets block public access by default (S3, since April 2023).
      state.buckets.set(name, {
        name,
        owner: state.callerAccount,
        region,
        publicAccessBlocked: true,
        objectOwnership: requestedObjectOwnership(request),
        objects: new Map(),
      });
      return { status: 200, headers: { location: `/${name}` } };
    },
    HeadBucket: (state, request) =>
      ownBucket(state, request, (bucket) => ({
        status: 200,
        headers: { 'x-amz-bucket-region': bucket.region },
      })),
    GetBucketVersioning: (state, request) =>
      ownBucket(state, request, (bucket) =>
        xml(
          `<VersioningConfiguration xmlns="${NS}">${bucket.versioning ? `<Status>${bucket.versioning}</Status>` : ''}</VersioningConfiguration>`,
        ),
      ),
    PutBucketVersioning: (state, request) =>
      ownBucket(state, request, (bucket) => {
        const status = tag(request.body.toString('utf8'), 'Status');
        if (status === 'Enabled' || status === 'Suspended') bucket.versioning = status;
        return { status: 200 };
      }),
    GetBucketEncryption: (state, request) =>
      ownBucket(state, request, (bucket) =>
        bucket.encryption
          ? xml(
              `<ServerSideEncryptionConfiguration xmlns="${NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${bucket.encryption}</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
            )
          : restXmlError(
              404,
              'ServerSideEncryptionConfigurationNotFoundError',
              'The server side encryption configuration was not found',
            ),
      ),
    PutBucketEncryption: (state, request) =>
      ownBucket(state, request, (bucket) => {
        const algorithm = tag(request.body.toString('utf8'), 'SSEAlgorithm');
        if (algorithm === 'AES256' || algorithm === 'aws:kms') bucket.encryption = algorithm;
        return { status: 200 };
      }),
    PutPublicAccessBlock: (state, request) =>
      ownBucket(state, request, (bucket) => {
        const body = request.body.toString('utf8');
        bucket.publicAccessBlocked = [
          'BlockPublicAcls',
          'IgnorePublicAcls',
          'BlockPublicPolicy',
          'RestrictPublicBuckets',
        ].every((flag) => tag(body, flag) === 'true');
        return { status: 200 };
      }),
    GetPublicAccessBlock: (state, request) =>
      ownBucket(state, request, (bucket) => publicAccessBlockAnswer(bucket.publicAccessBlocked)),
    PutBucketPolicy: (state, request) =>
      ownBucket(state, request, (bucket) => {
        bucket.policy = request.body.toString('utf8');
        return { status: 204 };
      }),
    // Objects, as Terraform's S3 backend uses them: state and its lock file (conditional writes).
    ListObjectsV2: (state, request) => ownBucket(state, request, (bucket) => listObjects(bucket, request)),
    GetObject: (state, request) =>
      ownBucket(state, request, (bucket) => getObject(bucket, objectKey(request), request)),
    HeadObject: (state, request) =>
      ownBucket(state, request, (bucket) => getObject(bucket, objectKey(request), request)),
    PutObject: (state, request) =>
      ownBucket(state, request, (bucket) => putObject(bucket, objectKey(request), request)),
    DeleteObject: (state, request) =>
      ownBucket(state, request, (bucket) => deleteObject(bucket, objectKey(request))),
  },
});

/**
 * S3 (restXml, path style) as the bucket checks and Terraform's S3 backend use it: bucket calls with an
 * owner account per bucket, and objects (ListObjectsV2, Get/Head/Put/DeleteObject with conditional writes).
 */
export function s3Buckets(options: S3Options = {}): FakeS3 {
  const callerAccount = options.callerAccount ?? DEFAULT_IDENTITY.account;
  const buckets = new Map<string, StoredBucket>();
  for (const bucket of options.buckets ?? []) {
    buckets.set(bucket.name, {
      ...bucket,
      owner: bucket.owner ?? callerAccount,
      region: bucket.region ?? 'us-east-1',
      publicAccessBlocked: bucket.publicAccessBlocked ?? false,
      objects: new Map(),
    });
  }
  const handler: ServiceHandler = S3.handler(
    { buckets, callerAccount, deniedAccessKeyIds: options.deniedAccessKeyIds ?? [] },
    options.before,
  );
  const existing = (name: string) => {
    const bucket = buckets.get(name);
    if (!bucket) throw new Error(`fake s3: no bucket ${name}`);
    return bucket;
  };
  return {
    handler,
    keys: (name) => [...existing(name).objects.keys()].sort(),
    object: (name, key) => {
      const found = existing(name).objects.get(key);
      return found ? { ...found, body: found.body.toString('utf8') } : undefined;
    },
    putObject: (name, key, body) => {
      const bytes = Buffer.from(body);
      existing(name).objects.set(key, {
        body: bytes,
        etag: etagOf(bytes),
        lastModified: new Date(),
        contentType: 'application/json',
        encryption: undefined,
        versionId: undefined,
      });
    },
    bucket: (name) => {
      const found = buckets.get(name);
      if (!found) return undefined;
      const { objects: _objects, ...settings } = found;
      return settings;
    },
  };
}
