import type { VariableSpec } from '../../tfvars/types.js';
import { resumeStep } from '../resume.js';
import type { InitStep } from '../step.js';
import { artifactBucketStep, stateBucketStep } from './bucket.js';
import { credentialsStep } from './credentials.js';
import { envNameStep } from './env-name.js';
import { keyPairStep } from './key-pair.js';
import { regionStep } from './region.js';
import { variableStep } from './variables.js';

/** The questions of `challenge init`, in the order they are asked; each one a step of its own. */
export function initSteps(variables: readonly VariableSpec[]): InitStep[] {
  return [
    envNameStep,
    resumeStep,
    credentialsStep,
    regionStep,
    keyPairStep,
    stateBucketStep,
    artifactBucketStep,
    ...variables.map(variableStep),
  ];
}
