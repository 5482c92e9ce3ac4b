/** Answers given as flags; anything missing is asked (interactive) or reported (non-interactive). */
export interface InitAnswers {
  env?: string | undefined;
  /** An AWS profile name; `null` = the environment's credentials. */
  profile?: string | null | undefined;
  region?: string | undefined;
  keyPair?: string | undefined;
  importPublicKey?: string | undefined;
  /** Create the key pair (`keyPair`, or challenge-<env>) in EC2; its private key goes to ~/.ssh/<name>.pem. */
  createKeyPair?: boolean | undefined;
  stateBucket?: string | undefined;
  createStateBucket?: boolean | undefined;
  /** Turn on what an existing state bucket lacks (versioning, encryption, public access block). */
  hardenStateBucket?: boolean | undefined;
  artifactBucket?: string | undefined;
  createArtifactBucket?: boolean | undefined;
  /** The user's word when the answers move an existing env's state: copy it there, or leave it behind. */
  migrateState?: boolean | undefined;
  abandonState?: boolean | undefined;
  /** `--var name=value` pairs. */
  vars?: Record<string, string> | undefined;
}

/** The yes/no answers that have a flag of their own. */
export type DecisionFlag = 'createStateBucket' | 'hardenStateBucket' | 'createArtifactBucket';

/**
 * Every answer of a run that reached its AWS actions, kept in `.challenge/<env>.json` until the run
 * completes, so that a failed action costs no answers: the next `challenge init` starts from them.
 */
export interface PendingAnswers extends Omit<InitAnswers, 'env' | 'vars' | 'migrateState' | 'abandonState'> {
  /** When the answers were saved (ISO 8601). */
  savedAt: string;
  /** Variable values as the texts that were typed or passed with --var. */
  vars?: Record<string, string>;
}
