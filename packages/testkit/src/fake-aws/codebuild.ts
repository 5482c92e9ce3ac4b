import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export type BuildStatus = 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'IN_PROGRESS' | 'STOPPED';
export type BuildPhaseType =
  | 'SUBMITTED'
  | 'QUEUED'
  | 'PROVISIONING'
  | 'DOWNLOAD_SOURCE'
  | 'INSTALL'
  | 'PRE_BUILD'
  | 'BUILD'
  | 'POST_BUILD'
  | 'UPLOAD_ARTIFACTS'
  | 'FINALIZING'
  | 'COMPLETED';

export interface FakeBuildPhase {
  phaseType: BuildPhaseType;
  /** Absent for the phase still running and for COMPLETED, as CodeBuild reports them. */
  phaseStatus?: BuildStatus;
  contexts?: Array<{ statusCode: string; message: string }>;
  startTime: Date;
  endTime?: Date;
}

export interface FakeBuild {
  /** "<project>:<uuid>", the id CodePipeline reports as the Build action's external execution id. */
  id: string;
  project: string;
  buildNumber: number;
  status: BuildStatus;
  currentPhase: BuildPhaseType;
  phases: FakeBuildPhase[];
  startTime: Date;
  endTime?: Date;
  /** The CodeCommit commit the build ran on. */
  resolvedSourceVersion?: string;
  logGroup: string;
  /** Default: the uuid part of the id, as CodeBuild names the stream. */
  logStream?: string;
}

const ORDER: BuildPhaseType[] = [
  'SUBMITTED',
  'QUEUED',
  'PROVISIONING',
  'DOWNLOAD_SOURCE',
  'INSTALL',
  'PRE_BUILD',
  'BUILD',
  'POST_BUILD',
  'UPLOAD_ARTIFACTS',
  'FINALIZING',
];

/**
 * A finished build whose phases run in CodeBuild's order, 10 s each, until `failedPhase` fails (with
 * CodeBuild's COMMAND_EXECUTION_ERROR context); FINALIZING and COMPLETED follow as they do on AWS.
 */
export function finishedBuild(options: {
  id: string;
  buildNumber?: number;
  logGroup: string;
  startTime?: Date;
  resolvedSourceVersion?: string;
  failedPhase?: BuildPhaseType;
  failedCommand?: string;
}): FakeBuild {
  const start = options.startTime ?? new Date(Date.now() - 10 * 60_000);
  const at = (step: number) => new Date(start.getTime() + step * 10_000);
  const failedAt = options.failedPhase ? ORDER.indexOf(options.failedPhase) : -1;
  const phases: FakeBuildPhase[] = [];
  ORDER.forEach((phaseType, step) => {
    const skipped = failedAt >= 0 && step > failedAt && phaseType !== 'FINALIZING';
    if (skipped) return;
    const failed = step === failedAt;
    phases.push({
      phaseType,
      phaseStatus: failed ? 'FAILED' : 'SUCCEEDED',
      contexts: failed
        ? [
            {
              statusCode: 'COMMAND_EXECUTION_ERROR',
              message: `Error while executing command: ${options.failedCommand ?? 'exit 1'}. Reason: exit status 1`,
            },
          ]
        : [{ statusCode: '', message: '' }],
      startTime: at(step),
      endTime: at(step + 1),
    });
  });
  const end = at(ORDER.length + 1);
  phases.push({ phaseType: 'COMPLETED', startTime: end });
  const project = options.id.split(':')[0] ?? options.id;
  return {
    id: options.id,
    project,
    buildNumber: options.buildNumber ?? 1,
    status: failedAt >= 0 ? 'FAILED' : 'SUCCEEDED',
    currentPhase: 'COMPLETED',
    phases,
    startTime: start,
    endTime: end,
    logGroup: options.logGroup,
    ...(options.resolvedSourceVersion ? { resolvedSourceVersion: options.resolvedSourceVersion } : {}),
  };
}

const ACCOUNT = '123456789012';
const seconds = (date: Date) => date.getTime() / 1000;

function buildShape(region: string, build: FakeBuild) {
  const stream = build.logStream ?? build.id.split(':')[1] ?? build.id;
  return {
    id: build.id,
    arn: `arn:aws:codebuild:${region}:${ACCOUNT}:build/${build.id}`,
    buildNumber: build.buildNumber,
    startTime: seconds(build.startTime),
    ...(build.endTime ? { endTime: seconds(build.endTime) } : {}),
    currentPhase: build.currentPhase,
    buildStatus: build.status,
    sourceVersion: `arn:aws:s3:::${build.project}-artifacts/source.zip`,
    ...(build.resolvedSourceVersion ? { resolvedSourceVersion: build.resolvedSourceVersion } : {}),
    projectName: build.project,
    phases: build.phases.map((phase) => ({
      phaseType: phase.phaseType,
      ...(phase.phaseStatus ? { phaseStatus: phase.phaseStatus } : {}),
      startTime: seconds(phase.startTime),
      ...(phase.endTime
        ? {
            endTime: seconds(phase.endTime),
            durationInSeconds: Math.round((phase.endTime.getTime() - phase.startTime.getTime()) / 1000),
          }
        : {}),
      ...(phase.contexts ? { contexts: phase.contexts } : {}),
    })),
    source: { type: 'CODEPIPELINE', buildspec: 'buildspec.yml', insecureSsl: false },
    secondarySources: [],
    secondarySourceVersions: [],
    artifacts: { location: `arn:aws:s3:::${build.project}-artifacts/build.zip` },
    secondaryArtifacts: [],
    cache: { type: 'NO_CACHE' },
    environment: {
      type: 'LINUX_CONTAINER',
      image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
      computeType: 'BUILD_GENERAL1_SMALL',
      environmentVariables: [],
      privilegedMode: true,
      imagePullCredentialsType: 'CODEBUILD',
    },
    serviceRole: `arn:aws:iam::${ACCOUNT}:role/${build.project}-codebuild`,
    logs: {
      groupName: build.logGroup,
      streamName: stream,
      deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encodeURIComponent(build.logGroup)}/log-events/${stream}`,
      cloudWatchLogsArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${build.logGroup}:log-stream:${stream}`,
      cloudWatchLogs: { status: 'ENABLED', groupName: build.logGroup },
      s3Logs: { status: 'DISABLED', encryptionDisabled: false },
    },
    timeoutInMinutes: 30,
    queuedTimeoutInMinutes: 480,
    buildComplete: build.status !== 'IN_PROGRESS',
    initiator: `codepipeline/${build.project}`,
    encryptionKey: `arn:aws:kms:${region}:${ACCOUNT}:alias/aws/s3`,
  };
}

const CODEBUILD = defineFakeService<FakeBuild[]>({
  model: 'codebuild',
  signingName: 'codebuild',
  protocol: 'json',
  operations: {
    BatchGetBuilds: (builds, request) => {
      const ids = (request.json?.['ids'] as string[] | undefined) ?? [];
      if (ids.length < 1 || ids.length > 100) {
        return jsonError(400, 'InvalidInputException', 'Number of build IDs must be between 1 and 100');
      }
      const found = ids.map((id) =>
        builds.find((build) => build.id === id || build.id === id.split('build/').pop()),
      );
      return jsonResult({
        builds: found
          .filter((b): b is FakeBuild => b !== undefined)
          .map((b) => buildShape(request.region, b)),
        buildsNotFound: ids.filter((_, index) => found[index] === undefined),
      });
    },
  },
});

/** CodeBuild (awsJson1_1, CodeBuild_20161006): BatchGetBuilds with phases, contexts and log location. */
export function codeBuildHandler(builds: FakeBuild[]): ServiceHandler {
  return CODEBUILD.handler(builds);
}
