import type { StageState } from '@aws-sdk/client-codepipeline';
import type { AwsClients } from '../aws/clients.js';
import type { DeploymentProbe } from '../deploy/deployment-probe.js';
import { deploymentProbeFor } from '../deploy/probe.js';
import { type PipelineDefinition, readPipelineDefinition } from './definition.js';

/**
 * Watching an execution stage by stage: a CodeDeployToECS (blue/green) deploy action whose deployment holds
 * production traffic on blue until ContinueDeployment keeps its stage InProgress with no approval token, so
 * it is asked of the deployment itself. Only blue/green deployments wait for a person; other deploy actions
 * are not probed here.
 */
export class RerouteWaitDetector {
  private definition: Promise<PipelineDefinition | undefined> | undefined;
  private readonly probes = new Map<string, DeploymentProbe>();

  constructor(
    private readonly clients: AwsClients,
    private readonly pipelineName: string,
  ) {}

  /** The id of the deployment the stage's blue/green action waits with for its reroute, if it does. */
  async waitingDeployment(stage: StageState): Promise<string | undefined> {
    const running = (stage.actionStates ?? []).filter(
      (action) => action.latestExecution?.status === 'InProgress',
    );
    if (running.length === 0) return undefined;
    // Not readable: the watch goes on as it would without blue/green.
    this.definition ??= readPipelineDefinition(this.clients, this.pipelineName).catch(() => undefined);
    const definition = await this.definition;
    const actions = definition?.stages.find((s) => s.name === stage.stageName)?.actions ?? [];
    for (const state of running) {
      const action = actions.find((a) => a.name === state.actionName);
      if (action?.category !== 'Deploy' || action.provider !== 'CodeDeployToECS') continue;
      const key = `${stage.stageName}/${action.name}`;
      let probe = this.probes.get(key);
      if (!probe) {
        probe = deploymentProbeFor(this.clients, {
          provider: action.provider,
          configuration: action.configuration,
          stage: stage.stageName,
          action: action.name,
          notBefore: state.latestExecution?.lastStatusChange,
          externalExecutionId: state.latestExecution?.externalExecutionId,
        });
        if (!probe) continue;
        this.probes.set(key, probe);
      }
      const progress = await probe.poll().catch(() => undefined);
      if (progress?.waitingFor === 'continue') {
        return progress.deploymentId ?? state.latestExecution?.externalExecutionId ?? '';
      }
    }
    return undefined;
  }
}
