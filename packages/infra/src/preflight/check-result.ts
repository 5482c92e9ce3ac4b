/** One line of `challenge doctor` / preflight: what was checked, whether it passed, and the fix. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string | undefined;
  /** Not run because a check it depends on failed (ok is false, but it is not a problem of its own). */
  skipped?: boolean | undefined;
}

/** Runs a check, turning any thrown error (ChallengeError or not) into a failed result with its hint. */
export async function runCheck(name: string, check: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await check() };
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error), hint };
  }
}

/** Failed checks that are problems of their own (skipped ones left out). */
export function failedChecks(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((result) => !result.ok && !result.skipped);
}
