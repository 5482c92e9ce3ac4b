import { restXmlError } from './responses.js';
import { etagOf, type FakeObject, objectCall } from './s3-objects.js';
import type { FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './server.js';
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
}

export interface S3Options {
  buckets?: FakeBucket[];
  /** The account every caller belongs to (default DEFAULT_IDENTITY.account). */
  callerAccount?: string;
  /** Access key ids answered with AccessDenied on every call. */
  deniedAccessKeyIds?: string[];
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
    | (Required<Omit<FakeBucket, 'policy' | 'versioning' | 'encryption'>> &
        Pick<FakeBucket, 'policy' | 'versioning' | 'encryption'>)
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

/**
 * S3 (restXml, path style) as the bucket checks and Terraform's S3 backend use it: bucket calls with an
 * owner account per bucket, and objects (ListObjectsV2, Get/Head/Put/DeleteObject with conditional writes).
 */
export function s3Buckets(options: S3Options = {}): FakeS3 {
  const callerAccount = options.callerAccount ?? DEFAULT_IDENTITY.account;
  const buckets = new Map<
    string,
    Required<Pick<FakeBucket, 'name' | 'owner' | 'region' | 'publicAccessBlocked'>> &
      FakeBucket & { objects: Map<string, FakeObject> }
  >();
  for (const bucket of options.buckets ?? []) {
    buckets.set(bucket.name, {
      ...bucket,
      owner: bucket.owner ?? callerAccount,
      region: bucket.region ?? 'us-east-1',
      publicAccessBlocked: bucket.publicAccessBlocked ?? false,
      objects: new Map(),
    });
  }
  const handler: ServiceHandler = (request) => {
    if (options.deniedAccessKeyIds?.includes(request.accessKeyId)) {
      return request.method === 'HEAD' ? { status: 403 } : restXmlError(403, 'AccessDenied', 'Access Denied');
    }
    const name = request.path.split('/').filter(Boolean)[0];
    if (name === undefined) return undefined;
    const key = request.path.slice(name.length + 2);
    const bucket = buckets.get(name);
    const expectedOwner = request.headers['x-amz-expected-bucket-owner'];
    const sub = subresource(request);
    if (request.method === 'PUT' && sub === '' && key === '') {
      if (bucket) {
        return bucket.owner === callerAccount
          ? restXmlError(
              409,
              'BucketAlreadyOwnedByYou',
              'Your previous request to create the named bucket succeeded and you already own it.',
            )
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
      buckets.set(name, {
        name,
        owner: callerAccount,
        region,
        publicAccessBlocked: false,
        objects: new Map(),
      });
      return { status: 200, headers: { location: `/${name}` } };
    }
    if (!bucket) {
      return request.method === 'HEAD'
        ? { status: 404 }
        : restXmlError(404, 'NoSuchBucket', 'The specified bucket does not exist');
    }
    const foreign =
      bucket.owner !== callerAccount || (typeof expectedOwner === 'string' && expectedOwner !== bucket.owner);
    if (foreign)
      return request.method === 'HEAD' ? { status: 403 } : restXmlError(403, 'AccessDenied', 'Access Denied');
    if (key !== '' || (sub === '' && request.method === 'GET')) return objectCall(bucket, key, request);
    const body = request.body.toString('utf8');
    switch (`${request.method} ${sub}`) {
      case 'HEAD ':
        return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
      case 'GET versioning':
        return xml(
          `<VersioningConfiguration xmlns="${NS}">${bucket.versioning ? `<Status>${bucket.versioning}</Status>` : ''}</VersioningConfiguration>`,
        );
      case 'PUT versioning': {
        const status = tag(body, 'Status');
        if (status === 'Enabled' || status === 'Suspended') bucket.versioning = status;
        return { status: 200 };
      }
      case 'GET encryption':
        return bucket.encryption
          ? xml(
              `<ServerSideEncryptionConfiguration xmlns="${NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${bucket.encryption}</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
            )
          : restXmlError(
              404,
              'ServerSideEncryptionConfigurationNotFoundError',
              'The server side encryption configuration was not found',
            );
      case 'PUT encryption': {
        const algorithm = tag(body, 'SSEAlgorithm');
        if (algorithm === 'AES256' || algorithm === 'aws:kms') bucket.encryption = algorithm;
        return { status: 200 };
      }
      case 'PUT publicAccessBlock':
        bucket.publicAccessBlocked = [
          'BlockPublicAcls',
          'IgnorePublicAcls',
          'BlockPublicPolicy',
          'RestrictPublicBuckets',
        ].every((flag) => tag(body, flag) === 'true');
        return { status: 200 };
      case 'PUT policy':
        bucket.policy = body;
        return { status: 204 };
      default:
        return undefined;
    }
  };
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
