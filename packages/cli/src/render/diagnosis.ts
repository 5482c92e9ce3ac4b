import type {
  BuildDiagnosis,
  CodeDeployDiagnosis,
  Diagnosis,
  EcsDeploymentDiagnosis,
} from '@challenge/delivery';
import { contractCheckLines } from './test-stage.js';

const time = (date: Date | undefined) =>
  date
    ? date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : '?';

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function buildLines(d: BuildDiagnosis): string[] {
  const lines = [`Why ${d.stage} failed: CodeBuild build ${d.buildId} ended ${d.buildStatus}`];
  if (d.failedPhase) {
    lines.push(
      `  failed phase: ${d.failedPhase.phase} (${d.failedPhase.status})${d.failedPhase.messages.length ? `: ${d.failedPhase.messages.join('; ')}` : ''}`,
    );
  }
  if (d.contractChecks) lines.push(...contractCheckLines(d.contractChecks, '  '));
  if (d.logTail.length > 0 && d.log) {
    lines.push(`  last ${d.logTail.length} lines of its log (${d.log.group} ${d.log.stream}):`);
    lines.push(...d.logTail.map((line) => `    | ${line}`));
  } else if (d.logError) {
    lines.push(`  log: ${d.logError}`);
  }
  return lines;
}

function ecsLines(d: EcsDeploymentDiagnosis): string[] {
  const title = d.stuck ? 'is stuck' : 'failed';
  const lines = [`Why ${d.stage ?? 'the deployment'} ${title}: ECS service ${d.cluster}/${d.service}`];
  if (d.message) lines.push(`  pipeline: ${d.message}`);
  if (d.deployment) {
    const x = d.deployment;
    lines.push(
      `  deployment ${x.id} (${x.taskDefinition}): rollout ${x.rolloutState}, ${x.running}/${x.desired} running, ${x.failedTasks} failed tasks`,
    );
  }
  if (d.stuck) {
    lines.push(
      `  stuck: no new task became healthy for ${formatSeconds(d.stuck.seconds)} (${d.stuck.healthyNew}/${d.stuck.desired} healthy)`,
    );
  }
  const breaker = d.circuitBreaker;
  if (breaker.tripped) {
    lines.push(
      `  circuit breaker: stopped deployment ${breaker.failedDeployment} (${breaker.reason ?? 'no reason given'})${
        breaker.rolledBack ? `; ECS rolled the service back to ${breaker.rolledBackTo}` : '; no rollback'
      }`,
    );
  } else {
    lines.push(`  circuit breaker: ${breaker.enabled ? 'not tripped' : 'disabled'}`);
  }
  if (d.stoppedTasks.length > 0) {
    lines.push('  stopped tasks (newest first):');
    for (const task of d.stoppedTasks) {
      const containers = task.containers
        .map((c) => `${c.name} exit ${c.exitCode ?? '-'}${c.reason ? ` (${c.reason})` : ''}`)
        .join(', ');
      lines.push(
        `    ${task.taskId} ${task.taskDefinition} stopped ${time(task.stoppedAt)}: ${task.stoppedReason ?? 'no reason'}${task.stopCode ? ` [${task.stopCode}]` : ''}${containers ? `; ${containers}` : ''}`,
      );
    }
  }
  if (d.unhealthyTargets.length > 0) {
    lines.push('  targets not healthy:');
    for (const t of d.unhealthyTargets) {
      lines.push(
        `    ${t.id}:${t.port ?? '?'} ${t.state}${t.reason ? ` ${t.reason}` : ''}${t.description ? ` (${t.description})` : ''}`,
      );
    }
  }
  if (d.events.length > 0) {
    lines.push('  service events (newest last):');
    lines.push(...d.events.map((event) => `    ${time(event.at)}  ${event.message}`));
  }
  for (const error of d.errors) lines.push(`  unavailable: ${error}`);
  return lines;
}

function codeDeployLines(d: CodeDeployDiagnosis): string[] {
  const title = d.stuck ? 'is stuck' : 'failed';
  const lines = [
    `Why ${d.stage ?? 'the deployment'} ${title}: CodeDeploy deployment group ${d.application}/${d.group}`,
  ];
  if (d.message) lines.push(`  pipeline: ${d.message}`);
  const x = d.deployment;
  if (x) {
    const ended = x.status === 'Failed' || x.status === 'Stopped';
    lines.push(`  deployment ${x.id}: ${x.status}${ended ? '' : ` (${x.detail})`}`);
    if (x.error) lines.push(`  error: ${x.error.code}: ${x.error.message}`);
    if (x.failedEvent) lines.push(`  failed lifecycle event: ${x.failedEvent}`);
    for (const set of x.taskSets) {
      lines.push(
        `  ${set.label.toLowerCase()} task set${set.targetGroup ? ` (${set.targetGroup})` : ''}: ${set.running}/${set.desired} running, ${set.trafficWeight}% of production traffic`,
      );
    }
  }
  if (d.stuck) {
    lines.push(
      `  stuck: no new task became healthy for ${formatSeconds(d.stuck.seconds)} (${d.stuck.healthyNew}/${d.stuck.desired} running)`,
    );
  }
  if (d.rollback) {
    lines.push(
      `  rolled back: ${d.rollback.deploymentId ? `deployment ${d.rollback.deploymentId} (${d.rollback.status ?? 'status unknown'})` : 'by CodeDeploy'}; production traffic goes back to the blue tasks${d.rollback.message ? ` (${d.rollback.message})` : ''}`,
    );
  } else if (x && (x.status === 'Failed' || x.status === 'Stopped')) {
    lines.push('  no rollback: CodeDeploy reports none for this deployment');
  }
  for (const error of d.errors) lines.push(`  unavailable: ${error}`);
  return lines;
}

/** A diagnosis as text lines, for stdout. */
export function diagnosisLines(diagnosis: Diagnosis): string[] {
  switch (diagnosis.kind) {
    case 'build':
      return buildLines(diagnosis);
    case 'ecs-deployment':
      return ecsLines(diagnosis);
    case 'codedeploy-deployment':
      return codeDeployLines(diagnosis);
    default:
      return [
        `Why ${diagnosis.stage} failed: ${diagnosis.provider} action ${diagnosis.action}: ${diagnosis.message}`,
      ];
  }
}
