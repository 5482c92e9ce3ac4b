import type { ExecutionSummary } from '../pipeline/executions.js';

/**
 * Where a running image came from. The buildspec tags each image with the first 12 characters of the
 * CodeCommit commit it built (CODEBUILD_RESOLVED_SOURCE_VERSION), and `challenge ship` writes the monorepo
 * commit into that commit's message ("Ship apps/flask-app from <sha>"); the pipeline execution that built
 * it links the two.
 */
export interface SourceCommit {
  /** The CodeCommit commit (full id when a pipeline execution of it is known, else the tag's prefix). */
  codeCommitCommit: string;
  /** The monorepo commit `challenge ship` shipped, from the CodeCommit commit message. */
  monorepoCommit: string | undefined;
  /** First line of the commit message. */
  summary: string | undefined;
}

/** The tag of an image reference ("<registry>/<repo>:<tag>"), if it has one (a digest is not a tag). */
export function imageTagOf(image: string | undefined): string | undefined {
  if (!image || image.includes('@')) return undefined;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : undefined;
}

/** The monorepo commit named in a `challenge ship` commit message, if it is one. */
export function monorepoCommitOf(message: string | undefined): string | undefined {
  return /\bfrom ([0-9a-f]{7,40})\b/.exec(message ?? '')?.[1];
}

/** The source of an image tag: matched against the pipeline's executions (whose revisions are full commit ids). */
export function sourceOfImageTag(
  tag: string | undefined,
  executions: ExecutionSummary[],
): SourceCommit | undefined {
  if (!tag || !/^[0-9a-f]{7,40}$/.test(tag)) return undefined;
  const execution = executions.find((e) => e.revisionId?.startsWith(tag));
  return {
    codeCommitCommit: execution?.revisionId ?? tag,
    monorepoCommit: monorepoCommitOf(execution?.revisionSummary),
    summary: execution?.revisionSummary?.split('\n')[0],
  };
}
