import { ChallengeError } from '@challenge/infra';
import { execa } from 'execa';

export interface GitRun {
  stdout: string;
  exitCode: number;
  stderr: string;
}

/** Runs git in `cwd`; secrets passed in `secrets` are scrubbed from any error text. */
export async function git(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; secrets?: string[]; allowFailure?: boolean } = {},
): Promise<GitRun> {
  const result = await execa('git', args, {
    cwd,
    env: { GIT_TERMINAL_PROMPT: '0', ...options.env },
    reject: false,
    stdin: 'ignore',
  });
  const run = {
    stdout: String(result.stdout).trim(),
    stderr: String(result.stderr).trim(),
    exitCode: result.exitCode ?? 1,
  };
  if (run.exitCode !== 0 && !options.allowFailure) {
    let text = run.stderr || run.stdout;
    for (const secret of options.secrets ?? []) if (secret) text = text.replaceAll(secret, '***');
    const subcommand = args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? '';
    throw new ChallengeError(`git ${subcommand} failed: ${text}`, {
      code: 'GIT_FAILED',
      hint: 'Check the repository URL and your AWS credentials (CodeCommit permissions: codecommit:GitPull, codecommit:GitPush).',
    });
  }
  return run;
}
