import type { Deployment, Service, Task } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';
import { describeService, readEcsEvidence } from '../diagnosis/ecs-service.js';
import type { Diagnosis, StuckReport } from '../diagnosis/types.js';
import type { DeploymentProbe, DeploymentProgress } from './deployment-probe.js';

export interface EcsProbeTarget {
  cluster: string;
  service: string;
  /** Follow exactly this deployment (e.g. the one UpdateService started). */
  deploymentId?: string | undefined;
  /** Otherwise: the newest deployment created at or after this moment (the pipeline's deploy action start). */
  notBefore?: Date | undefined;
  stage?: string | undefined;
  action?: string | undefined;
}

/** Clock skew allowed between the pipeline's and ECS's timestamps. */
const SKEW_MS = 10_000;

function ourDeployment(service: Service, target: EcsProbeTarget): Deployment | undefined {
  const deployments = service.deployments ?? [];
  if (target.deploymentId) return deployments.find((d) => d.id === target.deploymentId);
  const notBefore = target.notBefore ? target.notBefore.getTime() - SKEW_MS : Number.NEGATIVE_INFINITY;
  return deployments
    .filter((d) => (d.createdAt?.getTime() ?? 0) >= notBefore)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

/** Where a target group sees a task: the host's instance id + host port (bridge), or the task's IP (awsvpc). */
function targetKeys(task: Task, instances: Map<string, string>): string[] {
  const keys: string[] = [];
  const instance = task.containerInstanceArn ? instances.get(task.containerInstanceArn) : undefined;
  for (const container of task.containers ?? []) {
    for (const binding of container.networkBindings ?? []) {
      if (instance && binding.hostPort !== undefined) keys.push(`${instance}:${binding.hostPort}`);
    }
    for (const eni of container.networkInterfaces ?? []) {
      if (eni.privateIpv4Address) keys.push(`${eni.privateIpv4Address}:*`);
    }
  }
  return keys;
}

/** How many running tasks of the deployment are healthy targets (all running ones when there is no load balancer). */
async function healthyTasksOf(
  clients: AwsClients,
  service: Service,
  cluster: string,
  deployment: Deployment,
): Promise<number> {
  if ((deployment.runningCount ?? 0) === 0) return 0;
  const { DescribeContainerInstancesCommand, DescribeTasksCommand, ListTasksCommand } = await import(
    '@aws-sdk/client-ecs'
  );
  const ecs = await clients.ecs();
  const { taskArns } = await ecs.send(
    new ListTasksCommand({
      cluster,
      serviceName: service.serviceName,
      desiredStatus: 'RUNNING',
      maxResults: 100,
    }),
  );
  if (!taskArns?.length) return 0;
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  const ours = (tasks ?? []).filter(
    (task) => task.startedBy === deployment.id && task.lastStatus === 'RUNNING',
  );
  const groups = (service.loadBalancers ?? []).flatMap((lb) =>
    lb.targetGroupArn ? [lb.targetGroupArn] : [],
  );
  if (groups.length === 0) return ours.length;
  const instanceArns = [
    ...new Set(ours.flatMap((task) => (task.containerInstanceArn ? [task.containerInstanceArn] : []))),
  ];
  const instances = new Map<string, string>();
  if (instanceArns.length > 0) {
    const { containerInstances } = await ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: instanceArns }),
    );
    for (const instance of containerInstances ?? []) {
      if (instance.containerInstanceArn && instance.ec2InstanceId) {
        instances.set(instance.containerInstanceArn, instance.ec2InstanceId);
      }
    }
  }
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const elb = await clients.elbv2();
  const healthy = new Set<string>();
  for (const group of groups) {
    const { TargetHealthDescriptions } = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group }),
    );
    for (const target of TargetHealthDescriptions ?? []) {
      if (target.TargetHealth?.State !== 'healthy') continue;
      healthy.add(`${target.Target?.Id}:${target.Target?.Port}`);
      healthy.add(`${target.Target?.Id}:*`);
    }
  }
  return ours.filter((task) => targetKeys(task, instances).some((key) => healthy.has(key))).length;
}

/** Follows an ECS rolling deployment: tasks of the new deployment that became healthy, until COMPLETED or FAILED. */
export function ecsServiceProbe(clients: AwsClients, target: EcsProbeTarget): DeploymentProbe {
  let followed: string | undefined = target.deploymentId;
  return {
    subject: `ECS service ${target.cluster}/${target.service}`,
    async poll(): Promise<DeploymentProgress> {
      const service = await describeService(clients, target.cluster, target.service);
      const deployment = ourDeployment(service, { ...target, deploymentId: followed });
      const desired = deployment?.desiredCount ?? service.desiredCount ?? 0;
      if (!deployment) {
        return {
          phase: 'starting',
          healthyNew: 0,
          desired,
          detail: 'waiting for the new deployment to start',
        };
      }
      followed = deployment.id;
      const rollout = deployment.rolloutState ?? 'unknown';
      if (rollout === 'FAILED') {
        return {
          phase: 'failed',
          healthyNew: 0,
          desired,
          detail: deployment.rolloutStateReason ?? 'rollout FAILED',
        };
      }
      const healthyNew = await healthyTasksOf(clients, service, target.cluster, deployment);
      const done =
        rollout === 'COMPLETED' ||
        (deployment.rolloutState === undefined &&
          (service.deployments ?? []).length === 1 &&
          healthyNew >= desired);
      return {
        phase: done ? 'completed' : 'in-progress',
        healthyNew,
        desired,
        detail: `${healthyNew}/${desired} new tasks healthy, ${deployment.runningCount ?? 0} running, ${deployment.pendingCount ?? 0} pending (rollout ${rollout})`,
      };
    },
    async diagnose(stuck?: StuckReport): Promise<Diagnosis> {
      const evidence = await readEcsEvidence(
        clients,
        { cluster: target.cluster, service: target.service, deploymentId: followed },
        { stage: target.stage, action: target.action },
      );
      return { ...evidence, stuck };
    },
  };
}
