import type { SmokeCheckResult } from './checks.js';

/** How `python -m contract` (the pipeline's Test stage) reports each check in the build log. */
export const CONTRACT_LINE_PREFIX = 'contract-check ';

function asResult(value: unknown): SmokeCheckResult | undefined {
  const result = value as Partial<SmokeCheckResult> | null;
  if (typeof result?.name !== 'string' || typeof result.ok !== 'boolean') return undefined;
  return {
    name: result.name,
    ok: result.ok,
    detail: typeof result.detail === 'string' ? result.detail : '',
    ms: typeof result.ms === 'number' ? result.ms : 0,
  };
}

/** The contract check results a build log carries (the Test stage's), in order; other lines are ignored. */
export function contractResultsFromLog(lines: Iterable<string>): SmokeCheckResult[] {
  const results: SmokeCheckResult[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line.startsWith(CONTRACT_LINE_PREFIX)) continue;
    try {
      const result = asResult(JSON.parse(line.slice(CONTRACT_LINE_PREFIX.length)));
      if (result) results.push(result);
    } catch {
      // A line cut short (a killed build) is not a result.
    }
  }
  return results;
}
