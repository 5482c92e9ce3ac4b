import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { restXmlError, xmlEscape } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse } from './server.js';

/** One stored object of a fake bucket. */
export interface FakeObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string | undefined;
  /** `x-amz-server-side-encryption` it was written with (or the bucket default). */
  encryption: string | undefined;
  versionId: string | undefined;
  /** Flexible checksum the writer sent (`x-amz-checksum-<algorithm>`), returned with checksum mode. */
  checksum?: { algorithm: string; value: string } | undefined;
}

export interface ObjectBucket {
  name: string;
  versioning?: 'Enabled' | 'Suspended' | undefined;
  encryption?: string | undefined;
  objects: Map<string, FakeObject>;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
let versionCounter = 0;

function header(request: FakeAwsRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The payload of a PUT: SDKs that add a flexible checksum send it `aws-chunked` (chunk sizes in hex,
 * optional chunk signatures, trailing checksum headers), as S3 documents for streaming uploads.
 */
function decodePayload(request: FakeAwsRequest): Buffer {
  const encoding = header(request, 'content-encoding') ?? '';
  const sha = header(request, 'x-amz-content-sha256') ?? '';
  if (!encoding.split(',').some((part) => part.trim() === 'aws-chunked') && !sha.startsWith('STREAMING-'))
    return request.body;
  const parts: Buffer[] = [];
  let offset = 0;
  const body = request.body;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    offset = lineEnd + 2;
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  return Buffer.concat(parts);
}

/** The checksums S3 verifies on upload that node can compute (crc32c / crc64nvme are accepted unchecked). */
const CHECKSUMS: Record<string, (body: Buffer) => string> = {
  sha256: (body) => createHash('sha256').update(body).digest('base64'),
  sha1: (body) => createHash('sha1').update(body).digest('base64'),
  crc32: (body) => {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(crc32(body));
    return value.toString('base64');
  },
};

/** The `x-amz-checksum-*` value sent as a header or as an aws-chunked trailer. */
function sentChecksum(request: FakeAwsRequest): { algorithm: string; value: string } | undefined {
  for (const [name, value] of Object.entries(request.headers)) {
    const match = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.exec(name);
    if (match && typeof value === 'string') return { algorithm: match[1] as string, value };
  }
  const trailer = /x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256):([A-Za-z0-9+/=]+)/.exec(
    request.body.toString('latin1'),
  );
  return trailer ? { algorithm: trailer[1] as string, value: trailer[2] as string } : undefined;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function objectHeaders(object: FakeObject): Record<string, string> {
  return {
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'content-length': String(object.body.length),
    'content-type': object.contentType ?? 'binary/octet-stream',
    'accept-ranges': 'bytes',
    ...(object.encryption ? { 'x-amz-server-side-encryption': object.encryption } : {}),
    ...(object.versionId ? { 'x-amz-version-id': object.versionId } : {}),
  };
}

function noSuchKey(key: string): FakeAwsResponse {
  const response = restXmlError(404, 'NoSuchKey', 'The specified key does not exist.');
  return {
    ...response,
    body: String(response.body).replace('</Message>', `</Message><Key>${xmlEscape(key)}</Key>`),
  };
}

function preconditionFailed(condition: string): FakeAwsResponse {
  const response = restXmlError(
    412,
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
  );
  return {
    ...response,
    body: String(response.body).replace('</Message>', `</Message><Condition>${condition}</Condition>`),
  };
}

/** GetObject / HeadObject, honouring If-Match and If-None-Match as S3 does. */
export function getObject(bucket: ObjectBucket, key: string, request: FakeAwsRequest): FakeAwsResponse {
  const object = bucket.objects.get(key);
  const head = request.method === 'HEAD';
  if (!object) return head ? { status: 404 } : noSuchKey(key);
  const ifMatch = header(request, 'if-match');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== object.etag)
    return head ? { status: 412 } : preconditionFailed('If-Match');
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch === object.etag))
    return { status: 304, headers: { etag: object.etag } };
  const checksumMode = header(request, 'x-amz-checksum-mode') === 'ENABLED' && object.checksum;
  return {
    status: 200,
    headers: {
      ...objectHeaders(object),
      ...(checksumMode && object.checksum
        ? { [`x-amz-checksum-${object.checksum.algorithm}`]: object.checksum.value }
        : {}),
    },
    ...(head ? {} : { body: object.body }),
  };
}

/** PutObject with S3's conditional writes: If-None-Match: * (create only) and If-Match: <etag>. */
export function putObject(bucket: ObjectBucket, key: string, request: FakeAwsRequest): FakeAwsResponse {
  const existing = bucket.objects.get(key);
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch !== '*')
      return restXmlError(
        501,
        'NotImplemented',
        'A header you provided implies functionality that is not implemented',
      );
    if (existing) return preconditionFailed('If-None-Match');
  }
  const ifMatch = header(request, 'if-match');
  if (ifMatch !== undefined) {
    if (!existing) return noSuchKey(key);
    if (ifMatch !== existing.etag) return preconditionFailed('If-Match');
  }
  const body = decodePayload(request);
  const contentMd5 = header(request, 'content-md5');
  if (contentMd5 !== undefined && contentMd5 !== createHash('md5').update(body).digest('base64'))
    return restXmlError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  const checksum = sentChecksum(request);
  const compute = checksum ? CHECKSUMS[checksum.algorithm] : undefined;
  if (checksum && compute && compute(body) !== checksum.value) {
    return restXmlError(
      400,
      'BadDigest',
      `The ${checksum.algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
    );
  }
  versionCounter += 1;
  const object: FakeObject = {
    body,
    etag: etagOf(body),
    lastModified: new Date(),
    contentType: header(request, 'content-type'),
    encryption: header(request, 'x-amz-server-side-encryption') ?? bucket.encryption,
    versionId: bucket.versioning === 'Enabled' ? `v${versionCounter}` : undefined,
    checksum,
  };
  bucket.objects.set(key, object);
  return {
    status: 200,
    headers: {
      etag: object.etag,
      ...(object.encryption ? { 'x-amz-server-side-encryption': object.encryption } : {}),
      ...(object.versionId ? { 'x-amz-version-id': object.versionId } : {}),
      ...(checksum ? { [`x-amz-checksum-${checksum.algorithm}`]: checksum.value } : {}),
    },
  };
}

/** ListObjectsV2: prefix, delimiter (common prefixes), max-keys and continuation tokens, sorted by key. */
export function listObjects(bucket: ObjectBucket, request: FakeAwsRequest): FakeAwsResponse {
  const prefix = request.query.get('prefix') ?? '';
  const delimiter = request.query.get('delimiter') ?? '';
  const maxKeys = Math.min(Number(request.query.get('max-keys') ?? 1000), 1000);
  const token = request.query.get('continuation-token');
  const startAfter = token
    ? Buffer.from(token, 'base64').toString('utf8')
    : (request.query.get('start-after') ?? '');
  const urlEncode = request.query.get('encoding-type') === 'url';
  const encode = (text: string) =>
    xmlEscape(urlEncode ? encodeURIComponent(text).replaceAll('%2F', '/') : text);
  const entries: Array<{ key: string } | { prefix: string }> = [];
  const seenPrefixes = new Set<string>();
  const keys = [...bucket.objects.keys()].filter((key) => key.startsWith(prefix) && key > startAfter).sort();
  let truncated = false;
  let last = '';
  for (const key of keys) {
    const rest = key.slice(prefix.length);
    const cut = delimiter === '' ? -1 : rest.indexOf(delimiter);
    const common = cut < 0 ? undefined : prefix + rest.slice(0, cut + delimiter.length);
    if (common !== undefined && seenPrefixes.has(common)) continue;
    if (entries.length === maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      seenPrefixes.add(common);
      entries.push({ prefix: common });
    } else entries.push({ key });
    last = key;
  }
  const contents = entries
    .map((entry) => {
      if ('prefix' in entry)
        return `<CommonPrefixes><Prefix>${encode(entry.prefix)}</Prefix></CommonPrefixes>`;
      const object = bucket.objects.get(entry.key) as FakeObject;
      return `<Contents><Key>${encode(entry.key)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(object.etag)}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  const body = [
    `<ListBucketResult xmlns="${NS}">`,
    `<Name>${xmlEscape(bucket.name)}</Name>`,
    `<Prefix>${encode(prefix)}</Prefix>`,
    delimiter ? `<Delimiter>${encode(delimiter)}</Delimiter>` : '',
    `<MaxKeys>${maxKeys}</MaxKeys>`,
    urlEncode ? '<EncodingType>url</EncodingType>' : '',
    `<KeyCount>${entries.length}</KeyCount>`,
    `<IsTruncated>${truncated}</IsTruncated>`,
    token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : '',
    request.query.has('start-after')
      ? `<StartAfter>${encode(request.query.get('start-after') ?? '')}</StartAfter>`
      : '',
    truncated ? `<NextContinuationToken>${Buffer.from(last).toString('base64')}</NextContinuationToken>` : '',
    contents,
    '</ListBucketResult>',
  ].join('');
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>${body}`,
  };
}

/** DeleteObject: removes the key (a versioned bucket answers with the delete marker it adds); 204 either way. */
export function deleteObject(bucket: ObjectBucket, key: string): FakeAwsResponse {
  bucket.objects.delete(key);
  if (bucket.versioning !== 'Enabled') return { status: 204 };
  versionCounter += 1;
  return {
    status: 204,
    headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': `v${versionCounter}` },
  };
}
