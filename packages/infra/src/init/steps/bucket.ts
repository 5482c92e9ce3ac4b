import { checkBucketName } from '../../aws/bucket-name.js';
import { bucketGaps, checkBucket } from '../../aws/bucket-status.js';
import { ChallengeError } from '../../errors.js';
import type { DecisionFlag } from '../answers.js';
import type { BucketPlan, InitContext } from '../context.js';
import { sessionOf, stringValue } from '../context.js';
import { realAnswer } from '../placeholders.js';
import { defineStep, type InitStep, refusing } from '../step.js';

interface BucketKind {
  name: string;
  what: 'state' | 'artifact';
  message: string;
  flag: string;
  createFlag: DecisionFlag;
  given(ctx: InitContext): string | undefined;
  current(ctx: InitContext): string | undefined;
  prefix: string;
  applies(ctx: InitContext): boolean;
  settle(ctx: InitContext, plan: BucketPlan): void;
}

/** "versioning, default encryption and public access block" */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function bucketStep(kind: BucketKind): InitStep {
  return defineStep<string, BucketPlan>({
    name: kind.name,
    missingFlag: `${kind.flag} <name> (with ${kind.what === 'state' ? '--create-state-bucket' : '--create-artifact-bucket'} to create it)`,
    applies: kind.applies,
    ready: (ctx) => ctx.credentials !== undefined && ctx.region !== undefined,
    given: kind.given,
    current: kind.current,
    suggestion: (ctx) => `${kind.prefix}-${ctx.credentials?.identity.account}-${sessionOf(ctx).region}`,
    checkAlone: async (_ctx, name) =>
      refusing<BucketPlan, string>(async () => {
        checkBucketName(name);
        return { ok: true, value: { name, action: 'use', gaps: [] } };
      }, ['S3_INVALID_BUCKET_NAME']),
    ask: (_ctx, asker, question) =>
      asker.input({ message: kind.message, ...(question.default ? { default: question.default } : {}) }),
    check: (ctx, name, decide) =>
      refusing<BucketPlan, string>(async () => {
        checkBucketName(name);
        if (kind.what === 'artifact' && ctx.stateBucket?.name === name) {
          throw new ChallengeError(
            `"${name}" is the state bucket: pipeline artifacts need a bucket of their own.`,
            {
              hint: 'Name another bucket with --artifact-bucket (and --create-artifact-bucket to create it).',
              code: 'S3_BUCKET_SHARED',
            },
          );
        }
        const account = ctx.credentials?.identity.account ?? '';
        const status = await checkBucket(sessionOf(ctx), name, account);
        if (!status.exists) {
          const create = await decide({
            message: `S3 bucket "${name}" does not exist. Create it (versioned, encrypted, private, TLS only)?`,
            flag: kind.createFlag,
            default: true,
          });
          if (create) return { ok: true, value: { name, action: 'create', gaps: [] } };
          throw new ChallengeError(`S3 ${kind.what} bucket "${name}" does not exist in account ${account}.`, {
            hint: `Pass ${kind.what === 'state' ? '--create-state-bucket' : '--create-artifact-bucket'} to create it, or name an existing bucket.`,
            code: 'S3_BUCKET_MISSING',
          });
        }
        const gaps = kind.what === 'state' ? bucketGaps(status) : [];
        if (gaps.length === 0) return { ok: true, value: { name, action: 'use', gaps } };
        const harden = await decide({
          message: `S3 bucket "${name}" has no ${inWords(gaps)}. Turn ${gaps.length > 1 ? 'them' : 'it'} on now (nothing else about the bucket changes)?`,
          flag: 'hardenStateBucket',
          default: true,
        });
        if (harden) return { ok: true, value: { name, action: 'harden', gaps } };
        throw new ChallengeError(
          `S3 state bucket "${name}" has no ${inWords(gaps)}: a bad apply or a leak could cost the Terraform state.`,
          {
            hint: 'Pass --harden-state-bucket to turn them on (its policy and contents stay as they are), or name another bucket.',
            code: 'S3_BUCKET_UNPROTECTED',
          },
        );
      }, [
        'S3_INVALID_BUCKET_NAME',
        'S3_BUCKET_SHARED',
        'S3_BUCKET_FOREIGN',
        'S3_BUCKET_OTHER_REGION',
        'S3_BUCKET_MISSING',
        'S3_BUCKET_UNPROTECTED',
      ]),
    settle: kind.settle,
  });
}

/** The S3 bucket for Terraform state: exists in this account and region, or is created; protected. */
export const stateBucketStep = bucketStep({
  name: 'state bucket',
  what: 'state',
  message: 'S3 bucket for Terraform state',
  flag: '--state-bucket',
  createFlag: 'createStateBucket',
  prefix: 'challenge-state',
  applies: () => true,
  given: (ctx) => ctx.flags.stateBucket,
  current: (ctx) => ctx.env?.pending?.stateBucket ?? ctx.env?.backend['bucket'],
  settle: (ctx, plan) => {
    ctx.stateBucket = plan;
  },
});

/** The S3 bucket for pipeline artifacts (`artifact_store`), when the root declares that variable. */
export const artifactBucketStep = bucketStep({
  name: 'artifact bucket',
  what: 'artifact',
  message: 'S3 bucket for pipeline artifacts',
  flag: '--artifact-bucket',
  createFlag: 'createArtifactBucket',
  prefix: 'challenge-artifacts',
  applies: (ctx) => ctx.handled.artifactStore !== undefined,
  given: (ctx) => ctx.flags.artifactBucket,
  current: (ctx) =>
    ctx.env?.pending?.artifactBucket ??
    realAnswer(stringValue(ctx.env?.tfvars[ctx.handled.artifactStore?.name ?? ''])),
  settle: (ctx, plan) => {
    ctx.artifactBucket = plan;
  },
});
