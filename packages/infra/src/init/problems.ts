import { ChallengeError } from '../errors.js';

/** What to do at the prompt, for the problems whose fix otherwise names a flag (flags are for scripts). */
const PROMPT_FIXES: Record<string, (hint: string) => string> = {
  AWS_UNKNOWN_REGION: (hint) =>
    hint.replace(/ ?Pass --region ([^.]*)\./, (_, rest: string) =>
      rest.startsWith('with one of') ? `Type one of ${rest.slice('with one of'.length).trim()}.` : '',
    ),
  INVALID_ENV_NAME: (hint) => {
    const suggestion = /--env (\S+?)\.?$/.exec(hint)?.[1];
    return suggestion
      ? `Type a name like ${suggestion} (lowercase letters, digits, dashes).`
      : 'Use lowercase letters, digits and dashes.';
  },
  S3_BUCKET_OTHER_REGION: (hint) => {
    const region = /--region ([\w-]+)/.exec(hint)?.[1];
    return `Name another bucket${region ? `, or run init again and answer ${region} at the region question` : ''}.`;
  },
  S3_BUCKET_MISSING: () => 'Answer yes to create it, or name an existing bucket.',
  S3_BUCKET_UNPROTECTED: () => 'Answer yes to turn the protections on, or name another bucket.',
  S3_BUCKET_SHARED: () => 'Name another bucket for pipeline artifacts.',
  AWS_KEY_PAIR_NOT_FOUND: () => 'Pick a key pair of the list, import a public key, or create a new key pair.',
  AWS_KEY_PAIR_EXISTS: () => 'Type a free name, or pick the existing key pair.',
  AWS_KEY_PAIR_INVALID_NAME: () => 'Use up to 255 ASCII characters.',
  AWS_NO_CREDENTIALS: () =>
    'Pick a profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and run init again.',
};

/** The fix of a problem as said to a person at a prompt: never a flag. */
function promptFix(problem: ChallengeError): string | undefined {
  const hint = problem.hint;
  if (!hint) return undefined;
  const fix = PROMPT_FIXES[problem.code];
  if (fix) return fix(hint) || undefined;
  // Any other hint: drop the parenthesised flag examples ("(--var name=<value>)").
  return hint.replace(/\s*\([^)]*--[a-z][^)]*\)/g, '');
}

/** A problem as shown at a prompt before the question is asked again. */
export function renderProblem(problem: ChallengeError): string {
  const fix = promptFix(problem);
  return `✗ ${problem.message}${fix ? `\n  Fix: ${fix}` : ''}`;
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
