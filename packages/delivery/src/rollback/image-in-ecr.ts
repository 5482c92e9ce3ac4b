import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';

/** An image URI of a private ECR repository: <account>.dkr.ecr.<region>.amazonaws.com/<name>(@digest|:tag). */
interface EcrImage {
  uri: string;
  registryId: string;
  repositoryName: string;
  digest?: string | undefined;
  tag?: string | undefined;
}

const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*?)(?:@(sha256:[0-9a-f]{64})|:([\w][\w.-]{0,127}))?$/;

/** The ECR repository and digest (or tag) of an image URI; undefined for images outside private ECR. */
function ecrImageOf(uri: string | undefined): EcrImage | undefined {
  const match = uri ? ECR_IMAGE.exec(uri) : null;
  if (!match || !uri) return undefined;
  const [, registryId = '', repositoryName = '', digest, tag] = match;
  return { uri, registryId, repositoryName, digest, tag: digest ? undefined : (tag ?? 'latest') };
}

/**
 * Refuses a rollback whose target image ECR no longer holds (the lifecycle policy expired it): ECS would
 * start tasks that fail with CannotPullContainerError. Checked with BatchGetImage, which reports a missing
 * image as a failure, not an error (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html).
 */
export async function assertImageInEcr(
  clients: AwsClients,
  image: string | undefined,
  revision: string,
): Promise<void> {
  const ref = ecrImageOf(image);
  if (!ref) return;
  const { BatchGetImageCommand } = await import('@aws-sdk/client-ecr');
  const id = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag };
  const answer = await (await clients.ecr())
    .send(
      new BatchGetImageCommand({
        registryId: ref.registryId,
        repositoryName: ref.repositoryName,
        imageIds: [id],
      }),
    )
    .catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'RepositoryNotFoundException') throw error;
      return { images: [], failures: [{ failureCode: 'RepositoryNotFound' }] };
    });
  if ((answer.images ?? []).length > 0) return;
  const reason = answer.failures?.[0]?.failureCode ?? 'ImageNotFound';
  const what = ref.digest ? `@${ref.digest}` : `:${ref.tag}`;
  throw new ChallengeError(
    `${revision} runs ${ref.repositoryName}${what}, which ECR no longer holds (${reason}): its tasks would fail with CannotPullContainerError.`,
    {
      code: 'ROLLBACK_IMAGE_GONE',
      hint: 'Pick a revision whose image is still in ECR (`challenge rollback --to <revision>`; deployed images are kept: the newest ones tagged deployed-*), or ship the fix forward: `challenge ship app` then `challenge approve --follow`.',
    },
  );
}
