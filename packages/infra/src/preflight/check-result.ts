/** One line of `challenge doctor` / preflight: what was checked, whether it passed, and the fix. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string | undefined;
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
