import { createHash } from 'node:crypto';
import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

/** One image of a repository: its digest and tags (an untagged image has none). */
export interface FakeEcrImage {
  digest: string;
  tags: string[];
}

export interface FakeEcrOptions {
  /** The registry (account) id in answers. */
  registryId?: string;
  /** Images per repository name; a repository not listed does not exist. */
  repositories: Record<string, FakeEcrImage[]>;
}

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

/** A sha256 digest for a test image, derived from a label. */
export function fakeImageDigest(label: string): string {
  return `sha256:${createHash('sha256').update(label).digest('hex')}`;
}

interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

const ECR = defineFakeService<FakeEcrOptions>({
  model: 'ecr',
  signingName: 'ecr',
  protocol: 'json',
  operations: {
    // BatchGetImage answers the images it found and a failure per id it did not; only a missing repository
    // is an error (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html).
    BatchGetImage: (options, request) => {
      const body = request.json ?? {};
      const registryId = String(body['registryId'] ?? options.registryId ?? '123456789012');
      const name = String(body['repositoryName'] ?? '');
      const images = options.repositories[name];
      if (!images) {
        return jsonError(
          400,
          'RepositoryNotFoundException',
          `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
        );
      }
      const ids = (body['imageIds'] ?? []) as ImageId[];
      const found: Array<Record<string, unknown>> = [];
      const failures: Array<Record<string, unknown>> = [];
      for (const id of ids) {
        const failure = (failureCode: string, failureReason: string) =>
          failures.push({ imageId: id, failureCode, failureReason });
        if (id.imageDigest === undefined && id.imageTag === undefined) {
          failure('MissingDigestAndTag', 'Missing image digest and tag');
          continue;
        }
        if (id.imageDigest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(id.imageDigest)) {
          failure('InvalidImageDigest', 'Invalid image digest');
          continue;
        }
        const byDigest = images.find((candidate) => candidate.digest === id.imageDigest);
        const byTag = images.find(
          (candidate) => id.imageTag !== undefined && candidate.tags.includes(id.imageTag),
        );
        if (id.imageDigest !== undefined && id.imageTag !== undefined && byDigest && byDigest !== byTag) {
          failure('ImageTagDoesNotMatchDigest', 'Tag does not match digest');
          continue;
        }
        const image = id.imageDigest !== undefined ? byDigest : byTag;
        if (!image) {
          failure('ImageNotFound', 'Requested image not found');
          continue;
        }
        found.push({
          registryId,
          repositoryName: name,
          imageId: { imageDigest: image.digest, ...(id.imageTag !== undefined && { imageTag: id.imageTag }) },
          imageManifest: JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_TYPE }),
          imageManifestMediaType: MANIFEST_TYPE,
        });
      }
      return jsonResult({ images: found, failures });
    },
  },
});

/** ECR (awsJson1_1, AmazonEC2ContainerRegistry_V20150921): BatchGetImage by digest or tag. */
export function ecrHandler(options: FakeEcrOptions): ServiceHandler {
  return ECR.handler(options);
}
