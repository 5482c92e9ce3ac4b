import { ACTIVE_STATUSES } from '../codedeploy/deployment.js';
import { PHASE_LABELS } from '../codedeploy/phase.js';
import type { EnvStatus } from '../status/status.js';

/** Rollout finished: a rolling deployment COMPLETED, or (blue/green) the serving task set in STEADY_STATE. */
const SETTLED = new Set(['COMPLETED', 'STEADY_STATE']);
const RUNNING: ReadonlySet<string> = new Set(ACTIVE_STATUSES);

/**
 * What keeps an env from counting as healthy right now, from its `status`: the ECS service at its desired
 * count with its rollout completed (blue/green: its serving task set steady and no CodeDeploy deployment
 * running), every target healthy, /gtg answering 200. A part that cannot be read (or that the env's outputs
 * do not name) is a problem too: health that cannot be seen is not assumed.
 */
export function healthProblems(status: EnvStatus): string[] {
  const problems: string[] = [];
  if (!status.service.ok) problems.push(`ECS service: cannot be read (${status.service.error})`);
  else {
    const { desired, running, rollout } = status.service.value;
    if (desired === 0) problems.push('ECS service: desired count is 0 (nothing runs)');
    else if (running < desired) problems.push(`ECS service: ${running} of ${desired} tasks running`);
    if (!SETTLED.has(rollout)) problems.push(`ECS service: rollout ${rollout}`);
  }
  if (status.blueGreen && !status.blueGreen.ok) {
    problems.push(`CodeDeploy: cannot be read (${status.blueGreen.error})`);
  } else if (status.blueGreen?.value.deployment && RUNNING.has(status.blueGreen.value.deployment.status)) {
    const { id, phase } = status.blueGreen.value.deployment;
    problems.push(`CodeDeploy deployment ${id}: ${PHASE_LABELS[phase]}`);
  }
  if (!status.targets.ok) problems.push(`targets: cannot be read (${status.targets.error})`);
  else {
    if (status.targets.value.length === 0) problems.push('targets: none registered in the target group');
    for (const target of status.targets.value.filter((t) => t.state !== 'healthy')) {
      problems.push(
        `target ${target.id}:${target.port ?? '?'} is ${target.state}${target.reason ? ` (${target.reason})` : ''}`,
      );
    }
  }
  if (!status.gtg.ok) problems.push(`GET /gtg: no answer (${status.gtg.error})`);
  else if (status.gtg.value.status !== 200) problems.push(`GET /gtg: HTTP ${status.gtg.value.status}`);
  return problems;
}
