import type { AwsClients } from '../aws/clients.js';
import { describeAwsError } from '../aws/errors.js';
import { describeBuild, readLogTail } from '../logs/build-logs.js';
import type { BuildDiagnosis } from './types.js';

export const LOG_TAIL_LINES = 30;

/** A failed build: the first phase that did not succeed, CodeBuild's messages for it, and its log's last lines. */
export async function diagnoseBuild(
  clients: AwsClients,
  buildId: string,
  where: { stage: string; action: string },
  tailLines = LOG_TAIL_LINES,
): Promise<BuildDiagnosis> {
  const build = await describeBuild(clients, buildId);
  const failed = build.phases.find((phase) => phase.status !== undefined && phase.status !== 'SUCCEEDED');
  const diagnosis: BuildDiagnosis = {
    kind: 'build',
    ...where,
    buildId: build.id,
    buildStatus: build.status,
    failedPhase: failed
      ? { phase: failed.phase, status: failed.status ?? '?', messages: failed.messages }
      : undefined,
    logTail: [],
    log: build.log,
    logError: build.log ? undefined : 'the build has no CloudWatch log (logs disabled on the project?)',
  };
  if (build.log) {
    try {
      diagnosis.logTail = (await readLogTail(clients, build.log, tailLines, build.id)).lines.map(
        (line) => line.message,
      );
    } catch (error) {
      diagnosis.logError = describeAwsError(error);
    }
  }
  return diagnosis;
}
