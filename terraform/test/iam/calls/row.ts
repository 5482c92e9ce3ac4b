import type { StackNames } from '../names.js';
import type { RoleKey, Variant } from '../stack.js';

/** A call AWS makes with one of the stack's roles, and the AWS document that says it does. */
export interface CallRow {
  /** What the call is for, in words (named in a failure). */
  call: string;
  principal: RoleKey;
  action: string;
  resource: (names: StackNames) => string;
  /** Context keys as AWS sends them with the request. */
  context?: (names: StackNames) => Record<string, string | string[]>;
  doc: string;
  /** Variants that make this call (default: all of them). */
  when?: (variant: Variant) => boolean;
}

export const blueGreen = (variant: Variant): boolean => variant.blueGreen;
export const rolling = (variant: Variant): boolean => !variant.blueGreen;
export const testStage = (variant: Variant): boolean => variant.testStage;
export const execEnabled = (variant: Variant): boolean => variant.exec !== 'off';
export const execLogging = (variant: Variant): boolean => variant.exec === 'logging';

/** s3:ResourceAccount: S3 sends the bucket owner's account with every request. */
export const s3Context = (names: StackNames) => ({ 's3:ResourceAccount': names.account });

export const rows = (principal: RoleKey, doc: string, entries: Entry[]): CallRow[] =>
  entries.map((entry) => ({ ...entry, principal, doc: entry.doc ?? doc }));

type Entry = Omit<CallRow, 'principal' | 'doc'> & { doc?: string };

/** What a CodeBuild project does with the pipeline's artifact bucket: read its input, check the bucket. */
export const artifactReads = (what: string): Entry[] => [
  { call: `reads ${what}`, action: 's3:GetObject', resource: (n) => n.artifactObject, context: s3Context },
  {
    call: `reads ${what} by version`,
    action: 's3:GetObjectVersion',
    resource: (n) => n.artifactObject,
    context: s3Context,
  },
  ...artifactBucketChecks(),
];

/** The bucket-level reads that come with every artifact access (ACL and region). */
export const artifactBucketChecks = (): Entry[] => [
  {
    call: "checks the artifact bucket's ACL",
    action: 's3:GetBucketAcl',
    resource: (n) => n.artifactBucket,
    context: s3Context,
  },
  {
    call: "checks the artifact bucket's region",
    action: 's3:GetBucketLocation',
    resource: (n) => n.artifactBucket,
    context: s3Context,
  },
];
