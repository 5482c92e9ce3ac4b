import { ChallengeError } from '@challenge/infra';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorName } from '../aws/errors.js';

export interface ActionDefinition {
  name: string;
  /** Source, Build, Test, Approval, Deploy... */
  category: string;
  /** CodeCommit, CodeBuild, Manual, ECS, CodeDeployToECS... */
  provider: string;
  configuration: Record<string, string>;
}

export interface StageDefinition {
  name: string;
  actions: ActionDefinition[];
}

export interface PipelineDefinition {
  name: string;
  stages: StageDefinition[];
}

export function pipelineNotFound(pipelineName: string): ChallengeError {
  return new ChallengeError(`Pipeline ${pipelineName} is not created yet (not in this account/region).`, {
    code: 'PIPELINE_NOT_FOUND',
    hint: 'Check --env (its pipeline_name output) and the AWS profile/region; run `challenge apply` if the stack is not deployed.',
  });
}

/** The pipeline's stages and their actions' types (GetPipeline), so each stage is handled by what it runs. */
export async function readPipelineDefinition(
  clients: AwsClients,
  pipelineName: string,
): Promise<PipelineDefinition> {
  const { GetPipelineCommand } = await import('@aws-sdk/client-codepipeline');
  try {
    const { pipeline } = await (await clients.codePipeline()).send(
      new GetPipelineCommand({ name: pipelineName }),
    );
    return {
      name: pipelineName,
      stages: (pipeline?.stages ?? []).map((stage) => ({
        name: stage.name ?? '?',
        actions: (stage.actions ?? []).map((action) => ({
          name: action.name ?? '?',
          category: action.actionTypeId?.category ?? 'unknown',
          provider: action.actionTypeId?.provider ?? 'unknown',
          configuration: action.configuration ?? {},
        })),
      })),
    };
  } catch (error) {
    if (awsErrorName(error) === 'PipelineNotFoundException') throw pipelineNotFound(pipelineName);
    throw error;
  }
}

/** The last stage whose actions deploy (category Deploy): what "live" means. */
export function deployStageOf(definition: PipelineDefinition): StageDefinition | undefined {
  return definition.stages.findLast((stage) => stage.actions.some((action) => action.category === 'Deploy'));
}
