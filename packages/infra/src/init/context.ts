import { access } from 'node:fs/promises';
import type { BucketProtection } from '../aws/bucket-protections.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { KeyPair } from '../aws/key-pairs.js';
import type { AwsProfile } from '../aws/profiles.js';
import type { AwsSession } from '../aws/session.js';
import { envPaths } from '../environment/paths.js';
import { type LocalSettings, readLocalSettings } from '../environment/settings.js';
import { readTfvarsFile } from '../tfvars/read-tfvars-file.js';
import type { VariableSpec } from '../tfvars/types.js';
import type { InitAnswers, PendingAnswers } from './answers.js';
import { readBackendFile } from './backend-file.js';
import { readPendingAnswers } from './pending-answers.js';

/** What an env already has on disk: the files init writes, and answers a failed run left. */
export interface EnvFiles {
  name: string;
  tfvarsPath: string;
  backendPath: string;
  settingsPath: string;
  tfvars: Record<string, unknown>;
  settings: LocalSettings;
  backend: Record<string, string>;
  pending: PendingAnswers | undefined;
}

export interface SettledCredentials {
  /** undefined = the environment's credentials. */
  profile: string | undefined;
  info: AwsProfile | undefined;
  identity: CallerIdentity;
}

export interface KeyPairChoice {
  name: string;
  /** A public key to import under `name`; undefined = the key pair exists. */
  importPath: string | undefined;
  /** Create the key pair in EC2; its private key is saved to this path (0600). */
  createAt?: string | undefined;
}

export interface BucketPlan {
  name: string;
  action: 'use' | 'create' | 'harden';
  gaps: BucketProtection[];
}

/** The variables init answers with questions of its own rather than as plain variables. */
interface HandledVariables {
  keyPair: VariableSpec | undefined;
  artifactStore: VariableSpec | undefined;
  region: VariableSpec | undefined;
}

/** Everything a run of init knows: the flags, the root, and each answer once its step settled it. */
export interface InitContext {
  rootDir: string;
  flags: InitAnswers;
  interactive: boolean;
  advanced: boolean;
  /** Home folder searched for ~/.ssh/*.pub. */
  home: string | undefined;
  variables: VariableSpec[];
  handled: HandledVariables;
  /** Envs with answers left by a failed run, newest first. */
  pendingEnvs: string[];
  /** The envs the root defines (vars/<env>.tfvars.json), sorted. */
  envs: string[];
  env?: EnvFiles;
  credentials?: SettledCredentials;
  region?: string;
  keyPair?: KeyPairChoice;
  stateBucket?: BucketPlan;
  artifactBucket?: BucketPlan;
  /** Settled plain variables: the value for tfvars, and the text that was typed (kept when pending). */
  values: Record<string, unknown>;
  texts: Record<string, string>;
  /** AWS answers reused between the question and its check. */
  cache: { regions?: string[]; keyPairs: Map<string, KeyPair[]> };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function readEnvFiles(rootDir: string, name: string): Promise<EnvFiles> {
  const tfvarsPath = envPaths.tfvars(rootDir, name);
  const backendPath = envPaths.backendConfig(rootDir, name);
  return {
    name,
    tfvarsPath,
    backendPath,
    settingsPath: envPaths.localSettings(rootDir, name),
    tfvars: (await exists(tfvarsPath)) ? await readTfvarsFile(tfvarsPath) : {},
    settings: await readLocalSettings(rootDir, name),
    backend: await readBackendFile(backendPath),
    pending: await readPendingAnswers(rootDir, name),
  };
}

/** The AWS session of the settled credentials and region (region us-east-1 until one is chosen). */
export function sessionOf(ctx: InitContext): AwsSession {
  return { profile: ctx.credentials?.profile, region: ctx.region ?? 'us-east-1' };
}

export function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
