import { ChallengeError } from '../errors.js';

/** A problem as shown at a prompt before the question is asked again. */
export function renderProblem(problem: ChallengeError): string {
  return `✗ ${problem.message}${problem.hint ? `\n  Fix: ${problem.hint}` : ''}`;
}

export function missingAnswersError(env: string | undefined, missing: string[]): ChallengeError {
  const command = [
    'challenge init',
    ...(env ? [`--env ${env}`] : []),
    ...missing.map((m) => m.split(' (')[0]),
  ];
  return new ChallengeError(
    `Cannot prompt here (no terminal, or CI), and these answers are missing: ${missing.join(', ')}.`,
    {
      hint: `Pass them as flags, e.g. \`${command.join(' ')}\`, or run init in a terminal.`,
      code: 'INIT_MISSING_FLAGS',
    },
  );
}

/** One error for every problem of a non-interactive run: each with its own fix, all at once. */
export function allProblems(problems: ChallengeError[]): ChallengeError | undefined {
  if (problems.length <= 1) return problems[0];
  const lines = problems.map(
    (problem, index) =>
      `  ${index + 1}. ${problem.message}${problem.hint ? `\n     Fix: ${problem.hint}` : ''}`,
  );
  return new ChallengeError(`init found ${problems.length} problems with its answers:\n${lines.join('\n')}`, {
    hint: 'Fix each one as its own Fix line says (every flag is listed by `challenge init --help`), then run init again.',
    code: 'INIT_INVALID_ANSWERS',
  });
}
