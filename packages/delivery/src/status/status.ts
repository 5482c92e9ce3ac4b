import { CodePipelineClient, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface StatusTarget {
  region: string;
  profile?: string | undefined;
  pipelineName?: string | undefined;
  cluster?: string | undefined;
  service?: string | undefined;
  targetGroupArn?: string | undefined;
  appUrl?: string | undefined;
}

/** Each part is read on its own; one that cannot be read carries `error` instead of failing the rest. */
export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface EnvStatus {
  pipeline: Part<Array<{ stage: string; status: string; executionId: string | null }>>;
  service: Part<{ desired: number; running: number; pending: number; rollout: string }>;
  targets: Part<Array<{ id: string; port: number | null; state: string; reason: string | null }>>;
  gtg: Part<{ status: number; ms: number }>;
}

async function part<T>(label: string, present: unknown, read: () => Promise<T>): Promise<Part<T>> {
  if (!present) return { ok: false, error: `no ${label} in the env's outputs` };
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Pipeline stages, ECS service counts and rollout, target health and a /gtg probe, read concurrently. */
export async function readEnvStatus(target: StatusTarget, timeoutMs = 5000): Promise<EnvStatus> {
  const config = {
    region: target.region,
    credentials: fromNodeProviderChain(target.profile ? { profile: target.profile } : {}),
    maxAttempts: 2,
  };
  const [pipeline, service, targets, gtg] = await Promise.all([
    part('pipeline_name', target.pipelineName, async () => {
      const state = await new CodePipelineClient(config).send(
        new GetPipelineStateCommand({ name: target.pipelineName }),
      );
      return (state.stageStates ?? []).map((stage) => ({
        stage: stage.stageName ?? '?',
        status: stage.latestExecution?.status ?? 'never run',
        executionId: stage.latestExecution?.pipelineExecutionId ?? null,
      }));
    }),
    part('ecs_cluster_name/ecs_service_name', target.cluster && target.service, async () => {
      const result = await new ECSClient(config).send(
        new DescribeServicesCommand({ cluster: target.cluster, services: [target.service as string] }),
      );
      const found = result.services?.[0];
      if (!found) throw new Error(`service ${target.service} not found in cluster ${target.cluster}`);
      const primary = found.deployments?.find((d) => d.status === 'PRIMARY');
      return {
        desired: found.desiredCount ?? 0,
        running: found.runningCount ?? 0,
        pending: found.pendingCount ?? 0,
        rollout: primary?.rolloutState ?? 'unknown',
      };
    }),
    part('target_group_arn', target.targetGroupArn, async () => {
      const result = await new ElasticLoadBalancingV2Client(config).send(
        new DescribeTargetHealthCommand({ TargetGroupArn: target.targetGroupArn }),
      );
      return (result.TargetHealthDescriptions ?? []).map((d) => ({
        id: d.Target?.Id ?? '?',
        port: d.Target?.Port ?? null,
        state: d.TargetHealth?.State ?? 'unknown',
        reason: d.TargetHealth?.Reason ?? null,
      }));
    }),
    part('app_url', target.appUrl, async () => {
      const started = performance.now();
      const response = await fetch(
        new URL('gtg', target.appUrl?.endsWith('/') ? target.appUrl : `${target.appUrl}/`),
        {
          signal: AbortSignal.timeout(timeoutMs),
        },
      );
      await response.arrayBuffer();
      return { status: response.status, ms: Math.round(performance.now() - started) };
    }),
  ]);
  return { pipeline, service, targets, gtg };
}
