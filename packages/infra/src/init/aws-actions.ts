import { createStateBucket } from '../aws/bucket-create.js';
import { hardenBucket } from '../aws/bucket-harden.js';
import { createKeyPair } from '../aws/key-pair-create.js';
import { importKeyPair } from '../aws/key-pairs.js';
import { ChallengeError } from '../errors.js';
import { displayPath } from '../tfvars/display-path.js';
import type { PendingAnswers } from './answers.js';
import { type InitContext, sessionOf } from './context.js';
import { writePendingAnswers } from './pending-answers.js';

/** Every answer of the run, as the next run will read them back if an action fails. */
export function pendingAnswersOf(ctx: InitContext): PendingAnswers {
  const state = ctx.stateBucket;
  const artifact = ctx.artifactBucket;
  return {
    savedAt: new Date().toISOString(),
    ...(ctx.credentials ? { profile: ctx.credentials.profile ?? null } : {}),
    ...(ctx.region ? { region: ctx.region } : {}),
    ...(ctx.keyPair ? { keyPair: ctx.keyPair.name } : {}),
    ...(ctx.keyPair?.importPath ? { importPublicKey: ctx.keyPair.importPath } : {}),
    ...(ctx.keyPair?.createAt ? { createKeyPair: true } : {}),
    ...(state
      ? {
          stateBucket: state.name,
          createStateBucket: state.action === 'create',
          // A bucket created half-way lacks some protections: the next run may turn them on.
          hardenStateBucket: state.action !== 'use',
        }
      : {}),
    ...(artifact
      ? { artifactBucket: artifact.name, createArtifactBucket: artifact.action === 'create' }
      : {}),
    vars: { ...ctx.texts },
  };
}

interface Action {
  describe: string;
  run(): Promise<unknown>;
}

function actionsOf(ctx: InitContext): Action[] {
  const session = sessionOf(ctx);
  const account = ctx.credentials?.identity.account ?? '';
  const actions: Action[] = [];
  const { keyPair, stateBucket, artifactBucket } = ctx;
  if (keyPair?.importPath) {
    const path = keyPair.importPath;
    actions.push({
      describe: `Imported ${path} as EC2 key pair "${keyPair.name}" in ${session.region}.`,
      run: () => importKeyPair(session, keyPair.name, path),
    });
  }
  if (keyPair?.createAt) {
    const path = keyPair.createAt;
    actions.push({
      describe: `Created EC2 key pair "${keyPair.name}" in ${session.region}; its private key is in ${displayPath(path)} (mode 0600, shown nowhere else).`,
      run: () => createKeyPair(session, keyPair.name, path),
    });
  }
  for (const plan of [stateBucket, artifactBucket]) {
    if (plan?.action === 'create') {
      actions.push({
        describe: `Created S3 bucket "${plan.name}" (versioned, encrypted, public access blocked, TLS only).`,
        run: () => createStateBucket(session, plan.name, account),
      });
    } else if (plan?.action === 'harden') {
      actions.push({
        describe: `Turned on ${plan.gaps.join(', ')} for S3 bucket "${plan.name}".`,
        run: () => hardenBucket(session, plan.name, account),
      });
    }
  }
  return actions;
}

/**
 * Runs the AWS actions the answers call for (import the key, create or harden buckets). The answers are
 * saved first as pending, so a failure here keeps them: the error says so, and the next run resumes.
 * Returns what was done, in words.
 */
export async function runAwsActions(ctx: InitContext, log: (line: string) => void): Promise<string[]> {
  const actions = actionsOf(ctx);
  const env = ctx.env;
  if (actions.length === 0 || !env) return [];
  const saved = await writePendingAnswers(ctx.rootDir, env.name, pendingAnswersOf(ctx));
  const done: string[] = [];
  for (const action of actions) {
    try {
      await action.run();
    } catch (error) {
      if (!(error instanceof ChallengeError)) throw error;
      throw new ChallengeError(`${error.message} Your answers are kept in ${displayPath(saved)}.`, {
        hint: `${error.hint ? `${error.hint} ` : ''}Then run \`challenge init --env ${env.name}\`: it resumes with those answers.`,
        code: error.code,
        exitCode: error.exitCode,
        cause: error,
      });
    }
    log(action.describe);
    done.push(action.describe);
  }
  return done;
}
