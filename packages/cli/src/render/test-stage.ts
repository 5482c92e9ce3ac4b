import type { SmokeCheckResult, TestStageReport } from '@challenge/delivery';

/** The contract checks a Test stage ran: a count, then each failed one with what broke. */
export function contractCheckLines(checks: SmokeCheckResult[], indent: string): string[] {
  const failed = checks.filter((check) => !check.ok);
  if (checks.length === 0)
    return [`${indent}contract checks: none ran (the stage stopped before them; see its log)`];
  const head =
    failed.length === 0
      ? `${indent}contract checks: all ${checks.length} passed`
      : `${indent}contract checks: ${failed.length} of ${checks.length} failed:`;
  return [head, ...failed.map((check) => `${indent}  FAIL ${check.name}: ${check.detail}`)];
}

/** One Test stage run of an execution, for status, approve and ship --watch. */
export function testReportLines(report: TestStageReport, indent = '  '): string[] {
  const build = report.buildId ? ` (build ${report.buildId})` : '';
  const lines = [`${indent}${report.stage} ${report.action}: ${report.status}${build}`];
  if (report.error) return [...lines, `${indent}  contract checks: unavailable: ${report.error}`];
  if (report.checks.length === 0 && report.status === 'InProgress') return lines;
  return [...lines, ...contractCheckLines(report.checks, `${indent}  `)];
}
