import { codebuildCalls } from './codebuild.js';
import { codedeployCalls } from './codedeploy.js';
import { codepipelineCalls } from './codepipeline.js';
import { recordDeployCalls } from './record-deploy.js';
import type { CallRow } from './row.js';
import { eventsCalls, executionCalls, hostCalls, taskCalls } from './service.js';
import { testStageCalls } from './test-stage.js';

/** Every call AWS makes with a role of the stack (one file per principal; add a row per new permission). */
export const CALLS: CallRow[] = [
  ...codepipelineCalls,
  ...codebuildCalls,
  ...testStageCalls,
  ...codedeployCalls,
  ...recordDeployCalls,
  ...taskCalls,
  ...executionCalls,
  ...hostCalls,
  ...eventsCalls,
];
