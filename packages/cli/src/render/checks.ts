import type { CheckResult } from '@challenge/infra';
import { wrapLine } from './wrap.js';

const NAME_WIDTH = 16;

function mark(check: CheckResult): string {
  if (check.ok) return '✓';
  return check.skipped ? '–' : '✗';
}

/** One check as `✓ name  detail`, wrapped to `width`, with its `Fix:` line when asked and failed. */
export function renderCheck(check: CheckResult, width: number, options: { withFix: boolean }): string {
  const line = wrapLine(`${mark(check)} ${check.name.padEnd(NAME_WIDTH)} `, check.detail, width);
  if (!options.withFix || check.ok || check.skipped || !check.hint) return line;
  return `${line}\n${wrapLine('  Fix: ', check.hint, width)}`;
}

/**
 * The preflight before plan/apply: one line when every check passed ("✓ AWS preflight: 12 checks passed
 * (credentials, region, …)"), every check's line as soon as one failed or was not checked.
 */
export function renderPreflight(checks: CheckResult[], width: number): string {
  if (checks.length > 0 && checks.every((check) => check.ok && !check.skipped)) {
    const count = `${checks.length} ${checks.length === 1 ? 'check' : 'checks'} passed`;
    return wrapLine('✓ ', `AWS preflight: ${count} (${checks.map((check) => check.name).join(', ')})`, width);
  }
  return checks.map((check) => renderCheck(check, width, { withFix: false })).join('\n');
}
