import {
  type AwsClients,
  type Diagnosis,
  followPushedCommit,
  type TestStageReport,
} from '@challenge/delivery';
import { ChallengeError } from '@challenge/infra';
import { BaseCommand } from './base-command.js';
import { pollIntervalMs } from './delivery-flags.js';
import { diagnosisLines } from './render/diagnosis.js';
import { errorJson } from './render/errors.js';
import { testReportLines } from './render/test-stage.js';

export interface FollowedPipeline {
  name: string;
  executionId: string | null;
  outcome: string | null;
  tests: TestStageReport[];
  /** The blue/green deployment waiting for its traffic reroute (outcome awaiting-continue). */
  deploymentId?: string;
}

/** Delivery commands: progress lines unless --json, and failures reported with their diagnosis. */
export abstract class DeliveryCommand extends BaseCommand {
  protected say(line: string): void {
    if (!this.jsonEnabled()) this.log(line);
  }

  /**
   * Ends the command with `error` after showing why: the diagnosis as text before the error, or, with
   * --json, one object: the `{error: {code, message, hint}}` of every failure plus `diagnosis`.
   */
  protected failWithDiagnosis(
    error: ChallengeError,
    diagnoses: Diagnosis[],
    extra: Record<string, unknown> = {},
  ): never {
    if (this.jsonEnabled()) {
      this.logJson({
        error: errorJson(error),
        diagnosis: diagnoses,
        ...extra,
      });
      this.exit(error.exitCode);
    }
    for (const diagnosis of diagnoses) this.log(diagnosisLines(diagnosis).join('\n'));
    throw error;
  }

  /**
   * The execution a push started, and with `watch` its stages until it waits for approval (showing what its
   * Test stage found), fails (with the diagnosis; exit 1) or runs past the timeout (exit 1). When the approval
   * was answered meanwhile and a blue/green deployment waits for its traffic reroute, it stops there too.
   */
  protected async followPush(
    clients: AwsClients,
    pipelineName: string,
    commit: string,
    options: {
      watch: boolean;
      timeoutSeconds: number;
      fixHint: string;
      approveCommand: string;
      envName: string;
    },
  ): Promise<FollowedPipeline> {
    const followed = await followPushedCommit(clients, pipelineName, commit, {
      watch: options.watch,
      timeoutMs: options.timeoutSeconds * 1000,
      intervalMs: pollIntervalMs(5000),
      onExecution: (id) => this.say(`Pipeline ${pipelineName}: execution ${id}`),
      onStage: (stage, status) => this.say(`  ${stage}: ${status}`),
    });
    const { executionId, outcome } = followed;
    if (!executionId) {
      this.say(`No execution of ${pipelineName} for ${commit.slice(0, 12)} yet; see \`challenge status\`.`);
      if (options.watch) {
        throw new ChallengeError(
          `Pipeline ${pipelineName} started no execution for ${commit} within ${options.timeoutSeconds} s.`,
          {
            code: 'NO_EXECUTION',
            hint: 'Check the EventBridge rule and the pipeline in `challenge status`.',
          },
        );
      }
      return { name: pipelineName, executionId: null, outcome: null, tests: [] };
    }
    if (outcome === 'failed') {
      const where = followed.failedStage ? ` at ${followed.failedStage}` : '';
      this.failWithDiagnosis(
        new ChallengeError(`Execution ${executionId} failed${where}.`, {
          code: 'PIPELINE_FAILED',
          hint: options.fixHint,
        }),
        followed.diagnoses,
        { pipeline: { name: pipelineName, executionId, outcome } },
      );
    }
    if (outcome === 'timed-out') {
      throw new ChallengeError(
        `Execution ${executionId} is still running after ${options.timeoutSeconds} s.`,
        {
          code: 'PIPELINE_TIMEOUT',
          hint: 'Follow it in `challenge status`, or watch longer with a larger --timeout.',
        },
      );
    }
    for (const report of followed.tests) for (const line of testReportLines(report)) this.say(line);
    if (outcome === 'awaiting-approval') this.say(`Waiting for approval: run \`${options.approveCommand}\`.`);
    if (outcome === 'succeeded') this.say('Execution succeeded.');
    if (outcome === 'awaiting-continue') {
      this.say(
        `Deployment ${followed.deploymentId ?? ''} waits for its traffic reroute: the new tasks run behind the test listener, production still reaches the old ones. Run \`challenge approve --env ${options.envName} --continue --follow\` to move production traffic (or \`challenge rollback --env ${options.envName}\` to drop them).`,
      );
    }
    return {
      name: pipelineName,
      executionId,
      outcome: outcome ?? null,
      tests: followed.tests,
      ...(followed.deploymentId ? { deploymentId: followed.deploymentId } : {}),
    };
  }
}
