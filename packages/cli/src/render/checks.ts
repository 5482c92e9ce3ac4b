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
