import {
  type CodeDeployScenario,
  type CodeDeployStatus,
  ECS_LIFECYCLE_EVENTS,
  type FakeCodeDeployDeployment,
  type FakeDeploymentGroup,
  newDeploymentId,
  TERMINAL_STATUSES,
} from './codedeploy-model.js';
import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export * from './codedeploy-model.js';

const ACCOUNT = '123456789012';
const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/;
const PAGE = 100;
const seconds = (date: Date | undefined) => (date ?? new Date(1_700_000_000_000)).getTime() / 1000;
const isResponse = (value: unknown): value is FakeAwsResponse =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

function findDeployment(
  scenario: CodeDeployScenario,
  request: FakeAwsRequest,
): FakeCodeDeployDeployment | FakeAwsResponse {
  const id = request.json?.['deploymentId'];
  if (typeof id !== 'string' || id === '') {
    return jsonError(400, 'DeploymentIdRequiredException', 'Deployment Id is required');
  }
  if (!DEPLOYMENT_ID.test(id)) {
    return jsonError(
      400,
      'InvalidDeploymentIdException',
      `Specified DeploymentId is not in the valid format: ${id}`,
    );
  }
  const deployment = scenario.deployments.find((d) => d.id === id);
  return (
    deployment ??
    jsonError(400, 'DeploymentDoesNotExistException', `The deployment ${id} could not be found.`)
  );
}

function findGroup(
  scenario: CodeDeployScenario,
  applicationName: unknown,
  groupName: unknown,
): FakeDeploymentGroup | FakeAwsResponse {
  if (typeof applicationName !== 'string' || applicationName === '') {
    return jsonError(400, 'ApplicationNameRequiredException', 'The application name must be specified.');
  }
  if (!scenario.groups.some((g) => g.applicationName === applicationName)) {
    return jsonError(
      400,
      'ApplicationDoesNotExistException',
      `No application found for name: ${applicationName}`,
    );
  }
  if (typeof groupName !== 'string' || groupName === '') {
    return jsonError(
      400,
      'DeploymentGroupNameRequiredException',
      'The deployment group name must be specified.',
    );
  }
  const group = scenario.groups.find(
    (g) => g.applicationName === applicationName && g.deploymentGroupName === groupName,
  );
  return (
    group ??
    jsonError(400, 'DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${groupName}`)
  );
}

function groupOf(
  scenario: CodeDeployScenario,
  deployment: FakeCodeDeployDeployment,
): FakeDeploymentGroup | undefined {
  return scenario.groups.find(
    (g) =>
      g.applicationName === deployment.applicationName &&
      g.deploymentGroupName === deployment.deploymentGroupName,
  );
}

/** The ECS target's status (TargetStatus) for the deployment's status. */
function targetStatus(status: CodeDeployStatus): string {
  switch (status) {
    case 'Created':
    case 'Queued':
      return 'Pending';
    case 'Baking':
      return 'InProgress';
    case 'Stopped':
      return 'Failed';
    default:
      return status;
  }
}

function deploymentInfo(d: FakeCodeDeployDeployment) {
  const target = targetStatus(d.status);
  const count = (status: string) => (target === status ? 1 : 0);
  return {
    applicationName: d.applicationName,
    deploymentGroupName: d.deploymentGroupName,
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    deploymentId: d.id,
    status: d.status,
    createTime: seconds(d.createTime),
    ...(d.status === 'Created' ? {} : { startTime: seconds(d.createTime) }),
    ...(d.completeTime ? { completeTime: seconds(d.completeTime) } : {}),
    ...(d.error ? { errorInformation: d.error } : {}),
    ...(d.rollback ? { rollbackInfo: d.rollback } : {}),
    ...(d.description ? { description: d.description } : {}),
    ...(d.appSpecContent
      ? { revision: { revisionType: 'AppSpecContent', appSpecContent: { content: d.appSpecContent } } }
      : {}),
    creator: d.creator ?? 'user',
    computePlatform: 'ECS',
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: d.terminationWaitStarted ?? false,
    deploymentOverview: {
      Pending: count('Pending'),
      InProgress: count('InProgress'),
      Succeeded: count('Succeeded'),
      Failed: count('Failed'),
      Skipped: 0,
      Ready: count('Ready'),
    },
    deploymentStatusMessages: d.statusMessages ?? [],
  };
}

function targetId(group: FakeDeploymentGroup): string {
  return `${group.cluster}:${group.service}`;
}

function ecsTarget(request: FakeAwsRequest, d: FakeCodeDeployDeployment, group: FakeDeploymentGroup) {
  return {
    deploymentId: d.id,
    targetId: targetId(group),
    targetArn: `arn:aws:ecs:${request.region}:${ACCOUNT}:service/${group.cluster}/${group.service}`,
    lastUpdatedAt: seconds(d.completeTime ?? new Date()),
    status: targetStatus(d.status),
    lifecycleEvents: ECS_LIFECYCLE_EVENTS.map((name) => ({
      lifecycleEventName: name,
      status: d.lifecycle?.[name] ?? 'Pending',
    })),
    taskSetsInfo: (d.taskSets ?? []).map((set, index) => ({
      identifer: `ecs-svc/${d.id.slice(2)}${index}`,
      desiredCount: set.desired,
      pendingCount: set.pending ?? 0,
      runningCount: set.running,
      status: set.status ?? (set.trafficWeight > 0 ? 'PRIMARY' : 'ACTIVE'),
      trafficWeight: set.trafficWeight,
      targetGroup: { name: set.targetGroup },
      taskSetLabel: set.label,
    })),
  };
}

function notStarted(d: FakeCodeDeployDeployment): FakeAwsResponse | undefined {
  return d.status === 'Created' || d.status === 'Queued'
    ? jsonError(400, 'DeploymentNotStartedException', `The deployment ${d.id} has not started.`)
    : undefined;
}

const CODEDEPLOY = defineFakeService<CodeDeployScenario>({
  model: 'codedeploy',
  signingName: 'codedeploy',
  protocol: 'json',
  operations: {
    GetDeployment: (scenario, request) => {
      scenario.getDeploymentCalls = (scenario.getDeploymentCalls ?? 0) + 1;
      scenario.onGetDeployment?.(scenario, scenario.getDeploymentCalls);
      const deployment = findDeployment(scenario, request);
      if (isResponse(deployment)) return deployment;
      return jsonResult({ deploymentInfo: deploymentInfo(deployment) });
    },
    ListDeployments: (scenario, request) => {
      const body = request.json ?? {};
      if (body['deploymentGroupName'] !== undefined || body['applicationName'] !== undefined) {
        const group = findGroup(scenario, body['applicationName'], body['deploymentGroupName']);
        if (isResponse(group)) return group;
      }
      const statuses = body['includeOnlyStatuses'] as string[] | undefined;
      const known = new Set([
        'Created',
        'Queued',
        'InProgress',
        'Baking',
        'Succeeded',
        'Failed',
        'Stopped',
        'Ready',
      ]);
      const unknown = (statuses ?? []).find((status) => !known.has(status));
      if (unknown)
        return jsonError(400, 'InvalidDeploymentStatusException', `Invalid deployment status: ${unknown}`);
      const range = body['createTimeRange'] as { start?: number; end?: number } | undefined;
      const ids = scenario.deployments
        .filter(
          (d) =>
            (body['applicationName'] === undefined || d.applicationName === body['applicationName']) &&
            (body['deploymentGroupName'] === undefined ||
              d.deploymentGroupName === body['deploymentGroupName']) &&
            (!statuses || statuses.includes(d.status)) &&
            (range?.start === undefined || seconds(d.createTime) >= range.start) &&
            (range?.end === undefined || seconds(d.createTime) <= range.end),
        )
        .sort((a, b) => seconds(b.createTime) - seconds(a.createTime))
        .map((d) => d.id);
      const start = body['nextToken'] === undefined ? 0 : Number(body['nextToken']);
      if (!Number.isInteger(start) || start < 0 || start > ids.length) {
        return jsonError(
          400,
          'InvalidNextTokenException',
          'The next token was specified in an invalid format.',
        );
      }
      const next = start + PAGE < ids.length ? String(start + PAGE) : undefined;
      return jsonResult({
        deployments: ids.slice(start, start + PAGE),
        ...(next ? { nextToken: next } : {}),
      });
    },
    ContinueDeployment: (scenario, request) => {
      const deployment = findDeployment(scenario, request);
      if (isResponse(deployment)) return deployment;
      const waitType = String(request.json?.['deploymentWaitType'] ?? 'READY_WAIT');
      if (waitType !== 'READY_WAIT' && waitType !== 'TERMINATION_WAIT') {
        return jsonError(400, 'InvalidDeploymentWaitTypeException', `The wait type ${waitType} is invalid.`);
      }
      if (TERMINAL_STATUSES.has(deployment.status)) {
        return jsonError(
          400,
          'DeploymentAlreadyCompletedException',
          `The deployment ${deployment.id} has already completed.`,
        );
      }
      const waiting =
        waitType === 'READY_WAIT'
          ? deployment.status === 'Ready'
          : deployment.terminationWaitStarted === true;
      if (!waiting) {
        return jsonError(
          400,
          'DeploymentIsNotInReadyStateException',
          `The deployment ${deployment.id} is not in a ready state (status ${deployment.status}).`,
        );
      }
      scenario.continued ??= [];
      scenario.continued.push({ deploymentId: deployment.id, waitType });
      if (waitType === 'READY_WAIT') {
        deployment.status = 'InProgress';
        deployment.lifecycle = { ...deployment.lifecycle, BeforeAllowTraffic: 'InProgress' };
      }
      return jsonResult({});
    },
    StopDeployment: (scenario, request) => {
      const deployment = findDeployment(scenario, request);
      if (isResponse(deployment)) return deployment;
      if (TERMINAL_STATUSES.has(deployment.status)) {
        return jsonError(
          400,
          'DeploymentAlreadyCompletedException',
          `The deployment ${deployment.id} has already completed.`,
        );
      }
      const autoRollbackEnabled = request.json?.['autoRollbackEnabled'] === true;
      scenario.stopped ??= [];
      scenario.stopped.push({ deploymentId: deployment.id, autoRollbackEnabled });
      deployment.status = 'Stopped';
      deployment.completeTime = new Date();
      deployment.error = { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' };
      if (!autoRollbackEnabled) {
        return jsonResult({ status: 'Succeeded', statusMessage: `Deployment ${deployment.id} was stopped.` });
      }
      const rollbackId = newDeploymentId();
      deployment.rollback = {
        rollbackDeploymentId: rollbackId,
        rollbackMessage: `Rollback of ${deployment.id} is in progress in deployment ${rollbackId}.`,
      };
      scenario.deployments.push({
        id: rollbackId,
        applicationName: deployment.applicationName,
        deploymentGroupName: deployment.deploymentGroupName,
        status: 'InProgress',
        createTime: new Date(),
        creator: 'codeDeployRollback',
        rollback: { rollbackTriggeringDeploymentId: deployment.id },
        lifecycle: { BeforeAllowTraffic: 'Succeeded', AllowTraffic: 'InProgress' },
        taskSets: (deployment.taskSets ?? []).map((set) => ({
          ...set,
          trafficWeight: set.label === 'Blue' ? 100 : 0,
        })),
      });
      return jsonResult({
        status: 'Pending',
        statusMessage: `Stopping ${deployment.id}; deployment ${rollbackId} rolls it back.`,
      });
    },
    ListDeploymentTargets: (scenario, request) => {
      const deployment = findDeployment(scenario, request);
      if (isResponse(deployment)) return deployment;
      const early = notStarted(deployment);
      if (early) return early;
      const group = groupOf(scenario, deployment);
      return jsonResult({ targetIds: group ? [targetId(group)] : [] });
    },
    GetDeploymentTarget: (scenario, request) => {
      const deployment = findDeployment(scenario, request);
      if (isResponse(deployment)) return deployment;
      const early = notStarted(deployment);
      if (early) return early;
      const wanted = request.json?.['targetId'];
      if (typeof wanted !== 'string' || wanted === '') {
        return jsonError(
          400,
          'DeploymentTargetIdRequiredException',
          'A deployment target ID was not provided.',
        );
      }
      const group = groupOf(scenario, deployment);
      if (!group || targetId(group) !== wanted) {
        return jsonError(
          400,
          'DeploymentTargetDoesNotExistException',
          `The target ${wanted} does not exist.`,
        );
      }
      return jsonResult({
        deploymentTarget: {
          deploymentTargetType: 'ECSTarget',
          ecsTarget: ecsTarget(request, deployment, group),
        },
      });
    },
    CreateDeployment: (scenario, request) => {
      const body = request.json ?? {};
      const group = findGroup(scenario, body['applicationName'], body['deploymentGroupName']);
      if (isResponse(group)) return group;
      const revision = body['revision'] as
        | { revisionType?: string; appSpecContent?: { content?: string } }
        | undefined;
      if (!revision) return jsonError(400, 'RevisionRequiredException', 'The revision must be specified.');
      if (revision.revisionType !== 'AppSpecContent' || !revision.appSpecContent?.content) {
        return jsonError(
          400,
          'InvalidRevisionException',
          'An ECS deployment takes an AppSpecContent revision.',
        );
      }
      const active = scenario.deployments.find(
        (d) =>
          d.applicationName === group.applicationName &&
          d.deploymentGroupName === group.deploymentGroupName &&
          !TERMINAL_STATUSES.has(d.status),
      );
      if (active) {
        return jsonError(
          400,
          'DeploymentLimitExceededException',
          `The Deployment Group '${group.deploymentGroupName}' already has an active Deployment '${active.id}'`,
        );
      }
      const id = newDeploymentId();
      scenario.deployments.push({
        id,
        applicationName: group.applicationName,
        deploymentGroupName: group.deploymentGroupName,
        status: 'InProgress',
        createTime: new Date(),
        creator: 'user',
        ...(typeof body['description'] === 'string' ? { description: body['description'] } : {}),
        appSpecContent: revision.appSpecContent.content,
        lifecycle: { BeforeInstall: 'Succeeded', Install: 'InProgress' },
      });
      return jsonResult({ deploymentId: id });
    },
  },
});

/**
 * CodeDeploy (awsJson1_1, CodeDeploy_20141006) for ECS blue/green deployment groups: GetDeployment,
 * ListDeployments, ContinueDeployment, StopDeployment (with a rollback deployment when asked),
 * ListDeploymentTargets / GetDeploymentTarget (the ECS target: lifecycle events and task sets) and
 * CreateDeployment (AppSpecContent, one active deployment per group), with CodeDeploy's error codes.
 */
export function codeDeployHandler(scenario: CodeDeployScenario): ServiceHandler {
  return CODEDEPLOY.handler(scenario);
}
